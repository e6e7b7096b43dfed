/**
 * `npx tsx bench/intake-meili.ts`: does intake need Meilisearch (ADR 0290)? Builds the 296 shared
 * documents plus `SCALE_SIZE` (default 20,000) generated rebuttals whose claims come from body
 * sentences (bench:relevance-scale's "fair" library: the labelled document is the one right
 * answer), then matches every labelled repeat (held-out halves) and every new rumour as intake
 * does, with Meilisearch asked (the door's default) and without (Postgres's candidates alone), and
 * prints per set how often intake would answer at once, right and wrong, and the CPU ms per match
 * of Node, Postgres and Meilisearch for each way.
 */
import os from "node:os";
import { INTAKE_MATCH } from "../src/cases/intake-matches.ts";
import { isSameRumour } from "../src/library/confidence.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { createSearch } from "../src/library/search.ts";
import { generate, sentences } from "./generate-library.ts";
import {
  type DataItem,
  libraryServices,
  loadSharedData,
  processCpuMs,
  uncachedDoor,
} from "./library-env.ts";
import { handwrittenNewRumours, handwrittenRepeats } from "./relevance-handwritten.ts";
import { moreNewRumours, moreRepeats } from "./relevance-handwritten-more.ts";
import { buildQuerySets, type LabelledQuery, split } from "./relevance-queries.ts";

const SIZE = Number(process.env.SCALE_SIZE ?? 20_000);
const { dxy, cofacts } = loadSharedData();
const items: DataItem[] = [...dxy, ...cofacts];
const generated = buildQuerySets(dxy, cofacts);
const repeats: Record<string, LabelledQuery[]> = Object.fromEntries(
  Object.entries({
    short: generated.short!,
    paraphrase: generated.paraphrase!,
    typo: generated.typo!,
    traditional: generated.traditional!,
    "pasted-dxy": generated["pasted-dxy"]!,
    "pasted-cofacts": generated["pasted-cofacts"]!,
    handwritten: handwrittenRepeats,
    "handwritten-2": moreRepeats,
  }).map(([name, all]) => [name, split(all).report]),
);
const fresh = [...split(handwrittenNewRumours).report, ...split(moreNewRumours).report];

const env = await libraryServices();
try {
  const { deps } = env;
  const lines = [
    ...items.map((i) => JSON.stringify({ ...i, category: "infectious-disease" })),
    ...generate(sentences(items), 0, SIZE, { claimsFrom: "bodies" }),
  ];
  for (let i = 0; i < lines.length; i += 5000)
    await importRebuttals(deps, lines.slice(i, i + 5000));
  await deps.sql`analyze rebuttal_search`;
  const rows = await deps.sql<{ id: string; externalId: string }[]>`
    select id, external_id from rebuttals where external_id is not null`;
  const idOf = new Map(rows.map((r) => [r.externalId, r.id]));
  const door = uncachedDoor(createSearch, { sql: env.searchSql, meili: env.meili });
  const ways = { "with Meilisearch": true, "Postgres alone": false };
  const cpu = () => [
    process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
    processCpuMs(env.pgPid),
    processCpuMs(env.meili.pid, { children: false }),
  ];
  console.log(
    `\n${lines.length} rebuttals (fair library), held-out halves, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log("| set | n | with Meilisearch: right / wrong | Postgres alone: right / wrong |");
  console.log("| --- | --- | --- | --- |");
  const spent = { "with Meilisearch": [0, 0, 0], "Postgres alone": [0, 0, 0] };
  let matches = 0;
  const answer = async (q: string, meili: boolean, way: keyof typeof ways) => {
    const before = cpu();
    // "Postgres alone" is intake's own way (`INTAKE_MATCH`, its narrower lookups since ADR 0324).
    const [best] = await door.match(q, meili ? { limit: 1, meili } : { limit: 1, ...INTAKE_MATCH });
    const after = cpu();
    for (let i = 0; i < 3; i++) spent[way][i]! += after[i]! - before[i]!;
    return best;
  };
  for (const [name, set] of Object.entries(repeats)) {
    const cells: string[] = [];
    for (const [way, meili] of Object.entries(ways) as [keyof typeof ways, boolean][]) {
      let right = 0;
      let wrong = 0;
      for (const { q, expected } of set) {
        const best = await answer(q, meili, way);
        if (isSameRumour(best)) best!.rebuttalId === idOf.get(expected) ? right++ : wrong++;
      }
      cells.push(`${(right / set.length).toFixed(3)} / ${(wrong / set.length).toFixed(3)}`);
    }
    matches += set.length;
    console.log(`| repeats ${name} | ${set.length} | ${cells.join(" | ")} |`);
  }
  const cells: string[] = [];
  for (const [way, meili] of Object.entries(ways) as [keyof typeof ways, boolean][]) {
    let answered = 0;
    for (const q of fresh) if (isSameRumour(await answer(q, meili, way))) answered++;
    cells.push(`${(answered / fresh.length).toFixed(3)} answered`);
  }
  matches += fresh.length;
  console.log(`| new rumours | ${fresh.length} | ${cells.join(" | ")} |`);
  for (const [way, [node, pg, meili]] of Object.entries(spent)) {
    const per = (x: number) => (x / matches).toFixed(2);
    console.log(
      `${way}: CPU ms per match Node ${per(node!)} / Postgres ${per(pg!)} / Meilisearch ${per(meili!)}`,
    );
  }
} finally {
  await env.close();
}

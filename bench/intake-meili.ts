/**
 * `npx tsx bench/intake-meili.ts`: does intake need Meilisearch (ADR 0290)? Builds the 296 shared
 * documents plus `SCALE_SIZE` (default 20,000) generated rebuttals whose claims come from body
 * sentences (bench:relevance-scale's "fair" library: the labelled document is the one right
 * answer), then matches every labelled repeat (held-out halves) and every new rumour as intake
 * does, with Meilisearch asked (the door's default, its full `LIMITS` lookups) and without
 * (intake's own way, `INTAKE_MATCH`: Postgres's candidates alone, its narrower lookups since ADR
 * 0324, so the two columns differ in both), and prints per set how often intake would answer at
 * once, right and wrong, and the CPU ms per match of Node, Postgres and Meilisearch for each way.
 * Since ADR 0324 the library is vacuumed as well as analysed before the matches (ADR 0290's run
 * only analysed it); there is no warm-up, so the first column pays the cold reads.
 */
import os from "node:os";
import { INTAKE_MATCH } from "../src/cases/intake-matches.ts";
import { isSameRumour } from "../src/library/confidence.ts";
import { createSearch } from "../src/library/search.ts";
import { importFairLibrary, intakeSets } from "./intake-labelled.ts";
import { libraryServices, processCpuMs, uncachedDoor } from "./library-env.ts";

const SIZE = Number(process.env.SCALE_SIZE ?? 20_000);
const { items, repeats, fresh } = intakeSets("report");

const env = await libraryServices();
try {
  const { deps } = env;
  const { size, idOf } = await importFairLibrary(deps, items, SIZE);
  const door = uncachedDoor(createSearch, { sql: env.searchSql, meili: env.meili });
  const ways = { "with Meilisearch": true, "Postgres alone": false };
  const cpu = () => [
    process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
    processCpuMs(env.pgPid),
    processCpuMs(env.meili.pid, { children: false }),
  ];
  console.log(
    `\n${size} rebuttals (fair library), held-out halves, load average ${os.loadavg()[0]!.toFixed(1)}`,
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
  for (const [name, set] of repeats) {
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

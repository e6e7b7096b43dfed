/**
 * `npx tsx bench/sure-shortcut.ts [tune]`: where Postgres alone can answer (ADR 0255). Every
 * labelled query of bench:relevance (generated sets, both hand-written batches) and every new
 * rumour is searched twice — Postgres alone, and with Meilisearch always asked — in the 296
 * shared documents and again once `SURE_SIZE` fair generated rebuttals (default 20,000, claims
 * from body sentences as bench:relevance-scale's fair library) are added. Then, for a grid of
 * `SURE` thresholds (the best candidate's score, its lead over the next), it prints R@1 / R@3
 * per set, new rumours auto-answered, and the share of searches that skip Meilisearch, if
 * Postgres's answer were kept wherever it was that sure. `tune` (the default) uses the tuning
 * halves; `report` the held-out ones.
 */
import os from "node:os";
import { isSameRumour } from "../src/library/confidence.ts";
import { fuseRankings } from "../src/library/fuse.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { type Retrieved, retrieve, SURE } from "../src/library/retrieve.ts";
import { normalizeText } from "../src/text/normalize.ts";
import { generate, sentences } from "./generate-library.ts";
import { benchEngines, libraryServices, loadSharedData } from "./library-env.ts";
import { handwrittenNewRumours, handwrittenRepeats } from "./relevance-handwritten.ts";
import { moreNewRumours, moreRepeats } from "./relevance-handwritten-more.ts";
import { buildQuerySets, split } from "./relevance-queries.ts";

const SIZE = Number(process.env.SURE_SIZE ?? 20_000);
const half = process.argv.includes("report") ? "report" : "tune";
const NEVER = { score: Number.POSITIVE_INFINITY, lead: Number.POSITIVE_INFINITY };

const { dxy, cofacts } = loadSharedData();
const items = [...dxy, ...cofacts];
const sets: [string, { q: string; expected?: string }[]][] = Object.entries({
  ...buildQuerySets(dxy, cofacts),
  handwritten: handwrittenRepeats,
  "handwritten-2": moreRepeats,
  "new rumours": [...handwrittenNewRumours, ...moreNewRumours].map((q) => ({ q })),
}).map(([name, all]) => [name, split(all as { q: string; expected?: string }[])[half]]);

/** What the public search answers from one retrieval: `rankForSearch`'s order. */
function answerOf(found: Retrieved) {
  const best = found.ranked[0];
  const answered = isSameRumour(best) ? best!.id : undefined;
  const fused = fuseRankings(found.ranked, found.meiliIds);
  const ids = answered ? [answered, ...fused.filter((id) => id !== answered)] : fused;
  return { ids, answered: answered !== undefined };
}

interface Outcome {
  set: string;
  expected?: string;
  score: number;
  lead: number;
  asked: boolean;
  pg: { ids: string[]; answered: boolean };
  both: { ids: string[]; answered: boolean };
}

const env = await libraryServices();
try {
  const lines = items.map((i) => JSON.stringify({ ...i, category: "infectious-disease" }));
  for (const [label, add] of [
    ["296 shared documents", lines],
    [`+ ${SIZE} fair generated`, generate(sentences(items), 0, SIZE, { claimsFrom: "bodies" })],
  ] as const) {
    for (let i = 0; i < add.length; i += 5000)
      await importRebuttals(env.deps, add.slice(i, i + 5000));
    await env.deps.sql`analyze rebuttals, rebuttal_search`;
    const idOf = new Map(
      (
        await env.deps.sql<{ id: string; externalId: string }[]>`
          select id, external_id from rebuttals where external_id is not null`
      ).map((r) => [r.externalId, r.id]),
    );
    const e = benchEngines(env);
    const outcomes: Outcome[] = [];
    for (const [set, queries] of sets) {
      for (const { q, expected } of queries) {
        const norm = normalizeText(q);
        const pg = await retrieve(e, norm, {}, { meili: false });
        const both = await retrieve(e, norm, {}, { meili: true, sure: NEVER });
        const [best, next] = pg.ranked;
        outcomes.push({
          set,
          expected: expected && idOf.get(expected),
          score: best?.score ?? 0,
          lead: (best?.score ?? 0) - (next?.score ?? 0),
          asked: both.route === "meili" || both.route === "by-id",
          pg: answerOf(pg),
          both: answerOf(both),
        });
      }
    }
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
    console.log(`\n== ${label} (${half} half, load ${load})`);
    console.log(
      `| SURE score / lead | asked Meilisearch | ${sets.map(([s]) => (s === "new rumours" ? "new rumours auto-answered" : `${s} R@1 / R@3`)).join(" | ")} |`,
    );
    console.log(`| --- | --- | ${sets.map(() => "---").join(" | ")} |`);
    const rows: { key: string; line: string }[] = [];
    for (const score of [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 2])
      for (const lead of score > 1 ? [0] : [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]) {
        const pick = (o: Outcome) =>
          o.asked && !(o.score >= score && o.lead >= lead) ? o.both : o.pg;
        const asked = outcomes.filter((o) => o.asked && !(o.score >= score && o.lead >= lead));
        const cells = sets.map(([s]) => {
          const xs = outcomes.filter((o) => o.set === s);
          if (s === "new rumours")
            return `${((100 * xs.filter((o) => pick(o).answered).length) / xs.length).toFixed(1)} %`;
          const at = (o: Outcome) => (o.expected ? pick(o).ids.indexOf(o.expected) : -1);
          const r1 = xs.filter((o) => at(o) === 0).length / xs.length;
          const r3 = xs.filter((o) => at(o) >= 0 && at(o) < 3).length / xs.length;
          return `${r1.toFixed(3)} / ${r3.toFixed(3)}`;
        });
        const current =
          score > 1 ? " (never)" : score === SURE.score && lead === SURE.lead ? " (now)" : "";
        rows.push({
          key: cells.join("|"),
          line: `| ${score} / ${lead}${current} | ${((100 * asked.length) / outcomes.length).toFixed(1)} % | ${cells.join(" | ")} |`,
        });
      }
    for (const r of rows) console.log(r.line);
  }
} finally {
  await env.close();
}

/**
 * `npm run bench:relevance`: imports ../shared/data into a fresh library (its own embedded
 * Postgres and Meilisearch), runs the query sets and prints recall@1/@3/@5 and MRR for Chorus
 * search, for Chorus degraded to Postgres, and for a raw Meilisearch index of the same
 * documents with default settings. `--split tune` reports the tuning half instead.
 */
import { rankByShingles } from "../src/library/rank.ts";
import { rankRebuttals } from "../src/library/search-rebuttals.ts";
import { libraryEnvironment, loadSharedData } from "./library-env.ts";
import { buildQuerySets, type LabelledQuery, split } from "./relevance-queries.ts";

type Ranker = (q: string) => Promise<string[]>;

async function evaluate(queries: LabelledQuery[], rank: Ranker, idOf: Map<string, string>) {
  let r1 = 0;
  let r3 = 0;
  let r5 = 0;
  let mrr = 0;
  for (const { q, expected } of queries) {
    const pos = (await rank(q)).slice(0, 10).indexOf(idOf.get(expected)!);
    if (pos === 0) r1++;
    if (pos >= 0 && pos < 3) r3++;
    if (pos >= 0 && pos < 5) r5++;
    if (pos >= 0) mrr += 1 / (pos + 1);
  }
  const n = queries.length || 1;
  return { n: queries.length, r1: r1 / n, r3: r3 / n, r5: r5 / n, mrr: mrr / n };
}

const half = process.argv.includes("tune") ? "tune" : "report";
const { dxy, cofacts } = loadSharedData();
const env = await libraryEnvironment([...dxy, ...cofacts]);
try {
  const client = env.deps.search.client!;
  const raw = client.index("raw_rebuttals");
  await client.createIndex("raw_rebuttals", { primaryKey: "id" }).waitTask();
  const docs = [...dxy, ...cofacts].map((d) => ({
    id: env.idByExternal.get(d.externalId)!,
    claim: d.claim,
    title: d.claim.slice(0, 120),
    summary: d.summary,
    body: d.body,
  }));
  await raw.addDocuments(docs).waitTask({ timeout: 120_000 });

  const systems: Record<string, Ranker> = {
    chorus: async (q) => (await rankRebuttals(env.deps, q, {})).ids,
    "chorus-degraded": async (q) =>
      (await rankByShingles(env.deps.sql, q, { limit: 10 })).map((r) => r.id),
    "raw-meilisearch": async (q) =>
      (await raw.search(q, { limit: 10 })).hits.map((h) => String(h.id)),
  };
  const sets = buildQuerySets(dxy, cofacts);
  console.log(`split: ${half} · documents: ${docs.length}`);
  console.log("set              n    system            R@1    R@3    R@5    MRR");
  for (const [name, all] of Object.entries(sets)) {
    const queries = split(all)[half];
    for (const [system, rank] of Object.entries(systems)) {
      const m = await evaluate(queries, rank, env.idByExternal);
      const f = (x: number) => x.toFixed(3).padStart(6);
      console.log(
        `${name.padEnd(16)} ${String(m.n).padStart(3)}  ${system.padEnd(16)} ${f(m.r1)} ${f(m.r3)} ${f(m.r5)} ${f(m.mrr)}`,
      );
    }
  }
  await calibrate(sets, half, env);
} finally {
  await env.close();
}

/** Score percentiles of right answers and of the best wrong one, to set matching thresholds. */
async function calibrate(
  sets: Record<string, LabelledQuery[]>,
  which: "tune" | "report",
  env: Awaited<ReturnType<typeof libraryEnvironment>>,
) {
  const pct = (xs: number[], p: number) =>
    xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;
  console.log("\nmatchRebuttals score    right p10  right p50  best-wrong p50  best-wrong p90");
  for (const [name, all] of Object.entries(sets)) {
    const right: number[] = [];
    const wrong: number[] = [];
    for (const { q, expected } of split(all)[which]) {
      const ranked = await rankByShingles(env.deps.sql, q, { limit: 5 });
      const id = env.idByExternal.get(expected);
      right.push(ranked.find((r) => r.id === id)?.score ?? 0);
      wrong.push(ranked.find((r) => r.id !== id)?.score ?? 0);
    }
    const f = (x: number) => x.toFixed(2).padStart(9);
    console.log(
      `${name.padEnd(22)} ${f(pct(right, 0.1))}  ${f(pct(right, 0.5))}  ${f(pct(wrong, 0.5))}       ${f(pct(wrong, 0.9))}`,
    );
  }
}

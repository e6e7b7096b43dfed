/**
 * `npm run bench:relevance`: imports ../shared/data into a fresh library (its own embedded
 * Postgres and Meilisearch), runs the query sets and prints recall@1/@3/@5 and MRR for Chorus
 * search, for Chorus degraded to Postgres, and for a raw Meilisearch index of the same
 * documents with default settings; then how often intake would answer at once (score ≥
 * autoMatch in content/matching.json) on true repeats and on rumours not in the library.
 * Generated sets and the hand-written set are split in halves by position: `tune` reports the
 * tuning halves, the default reports the held-out halves. `--no-raw` skips raw Meilisearch.
 */
import { matchingSettings } from "../src/cases/settings.ts";
import { matchRebuttals } from "../src/library/match.ts";
import { rankByShingles } from "../src/library/rank.ts";
import { rankRebuttals } from "../src/library/search-rebuttals.ts";
import { libraryEnvironment, loadSharedData } from "./library-env.ts";
import { handwrittenNewRumours, handwrittenRepeats } from "./relevance-handwritten.ts";
import { buildQuerySets, type LabelledQuery, split } from "./relevance-queries.ts";

type Ranker = (q: string) => Promise<string[]>;
type Env = Awaited<ReturnType<typeof libraryEnvironment>>;

async function evaluate(queries: LabelledQuery[], rank: Ranker, idOf: Map<string, string>) {
  let r1 = 0;
  let r3 = 0;
  let r5 = 0;
  let mrr = 0;
  const missed: string[] = [];
  for (const { q, expected } of queries) {
    const pos = (await rank(q)).slice(0, 10).indexOf(idOf.get(expected)!);
    if (pos === 0) r1++;
    else missed.push(`${q} → ${expected} at ${pos}`);
    if (pos >= 0 && pos < 3) r3++;
    if (pos >= 0 && pos < 5) r5++;
    if (pos >= 0) mrr += 1 / (pos + 1);
  }
  const n = queries.length || 1;
  return { n: queries.length, r1: r1 / n, r3: r3 / n, r5: r5 / n, mrr: mrr / n, missed };
}

const half = process.argv.includes("tune") ? "tune" : "report";
const verbose = process.argv.includes("--verbose");
const { dxy, cofacts } = loadSharedData();
const env = await libraryEnvironment([...dxy, ...cofacts]);
try {
  const systems: Record<string, Ranker> = {
    chorus: async (q) => (await rankRebuttals(env.deps, q, {})).ids,
    "chorus-degraded": async (q) =>
      (await rankByShingles(env.deps.sql, q, { limit: 10 })).map((r) => r.id),
  };
  if (!process.argv.includes("--no-raw")) systems["raw-meilisearch"] = await rawMeilisearch(env);
  const sets = {
    ...buildQuerySets(dxy, cofacts),
    handwritten: handwrittenRepeats,
  };
  console.log(`split: ${half} · documents: ${dxy.length + cofacts.length}`);
  console.log("set              n    system            R@1    R@3    R@5    MRR");
  for (const [name, all] of Object.entries(sets)) {
    const queries = split(all)[half];
    for (const [system, rank] of Object.entries(systems)) {
      const m = await evaluate(queries, rank, env.idByExternal);
      const f = (x: number) => x.toFixed(3).padStart(6);
      console.log(
        `${name.padEnd(16)} ${String(m.n).padStart(3)}  ${system.padEnd(16)} ${f(m.r1)} ${f(m.r3)} ${f(m.r5)} ${f(m.mrr)}`,
      );
      if (verbose && system === "chorus") for (const x of m.missed) console.log(`    ${x}`);
    }
  }
  await autoAnswerRates(sets, half, env);
} finally {
  await env.close();
}

/** A raw Meilisearch index of the same documents with default settings, as a baseline. */
async function rawMeilisearch(env: Env): Promise<Ranker> {
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
  return async (q) => (await raw.search(q, { limit: 10 })).hits.map((h) => String(h.id));
}

/**
 * Share of queries intake answers at once (best `matchRebuttals` score ≥ autoMatch): on true
 * repeats it must be the right rebuttal; on rumours not in the library any answer is wrong.
 * Score percentiles show where the threshold sits.
 */
async function autoAnswerRates(
  sets: Record<string, LabelledQuery[]>,
  which: "tune" | "report",
  env: Env,
) {
  const { autoMatch } = matchingSettings();
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;
  const f = (x: number) => x.toFixed(2).padStart(6);
  console.log(
    `\nauto-answer (score ≥ autoMatch ${autoMatch})  n    right  wrong   right-score p10/p50  best-wrong p50/p90`,
  );
  const repeats: { right: number; wrong: number; n: number } = { right: 0, wrong: 0, n: 0 };
  for (const [name, all] of Object.entries(sets)) {
    let right = 0;
    let wrong = 0;
    const rightScores: number[] = [];
    const wrongScores: number[] = [];
    for (const { q, expected } of split(all)[which]) {
      const found = await matchRebuttals(env.deps, q, { limit: 5 });
      const id = env.idByExternal.get(expected);
      const best = found[0];
      if (best && best.score >= autoMatch) best.rebuttalId === id ? right++ : wrong++;
      rightScores.push(found.find((m) => m.rebuttalId === id)?.score ?? 0);
      wrongScores.push(found.find((m) => m.rebuttalId !== id)?.score ?? 0);
      if (verbose && best && best.score >= autoMatch && best.rebuttalId !== id)
        console.log(`    wrong answer ${best.score}: ${q}`);
    }
    const n = split(all)[which].length;
    repeats.right += right;
    repeats.wrong += wrong;
    repeats.n += n;
    console.log(
      `repeats ${name.padEnd(30)} ${String(n).padStart(3)}  ${f(right / n)} ${f(wrong / n)}   ${f(pct(rightScores, 0.1))} ${f(pct(rightScores, 0.5))}      ${f(pct(wrongScores, 0.5))} ${f(pct(wrongScores, 0.9))}`,
    );
  }
  console.log(
    `repeats ${"all sets".padEnd(30)} ${String(repeats.n).padStart(3)}  ${f(repeats.right / repeats.n)} ${f(repeats.wrong / repeats.n)}`,
  );
  const fresh = split(handwrittenNewRumours)[which];
  const answered: string[] = [];
  const best: number[] = [];
  for (const q of fresh) {
    const [top] = await matchRebuttals(env.deps, q, { limit: 1 });
    best.push(top?.score ?? 0);
    if (top && top.score >= autoMatch) answered.push(`${top.score} ${q} → ${top.title}`);
  }
  console.log(
    `new rumours (not in library)            ${String(fresh.length).padStart(3)}  answered ${f(answered.length / fresh.length)}   best score p50 ${f(pct(best, 0.5))} p90 ${f(pct(best, 0.9))} max ${f(pct(best, 1))}`,
  );
  for (const a of answered) console.log(`    answered: ${a}`);
}

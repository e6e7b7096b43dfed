/**
 * `npm run bench:relevance`: imports ../shared/data into a fresh library (its own embedded
 * Postgres and Meilisearch), runs the query sets and prints recall@1/@3/@5 and MRR for Chorus
 * search, for Chorus degraded to Postgres, and for a raw Meilisearch index of the same
 * documents with default settings; then how often intake would answer at once (the best
 * match's same-rumour confidence ≥ autoMatch in content/matching.json, `isSameRumour`) on true
 * repeats and on rumours not in the library, beside the rule it replaced (best raw score ≥ 0.5).
 * Generated sets and the hand-written set are split in halves by position: `tune` reports the
 * tuning halves, the default reports the held-out halves. `--no-raw` skips raw Meilisearch.
 */
import { INTAKE_MATCH } from "../src/cases/intake-matches.ts";
import { matchingSettings } from "../src/cases/settings.ts";
import { isSameRumour } from "../src/library/confidence.ts";
import { matchRebuttals } from "../src/library/match.ts";
import { rankByShingles } from "../src/library/rank.ts";
import { rankRebuttals } from "../src/library/search-rebuttals.ts";
import { libraryEnvironment, loadSharedData } from "./library-env.ts";
import { handwrittenNewRumours, handwrittenRepeats } from "./relevance-handwritten.ts";
import { moreNewRumours, moreRepeats } from "./relevance-handwritten-more.ts";
import { buildQuerySets, type LabelledQuery, split } from "./relevance-queries.ts";

/** The rule the same-rumour confidence replaced: best raw score ≥ 0.5. */
const OLD_RULE = 0.5;

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
    "handwritten-2": moreRepeats,
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
 * Share of queries intake answers at once (`isSameRumour` of the best match), and under the old
 * rule: on true repeats it must be the right rebuttal; on rumours not in the library any answer
 * is wrong.
 */
async function autoAnswerRates(
  sets: Record<string, LabelledQuery[]>,
  which: "tune" | "report",
  env: Env,
) {
  const { autoMatch } = matchingSettings();
  const f = (x: number) => x.toFixed(3).padStart(6);
  console.log(
    `\nauto-answer: confidence ≥ ${autoMatch} (old rule: raw score ≥ ${OLD_RULE})   n    right  wrong   old right  old wrong`,
  );
  const all = { right: 0, wrong: 0, oldRight: 0, oldWrong: 0, n: 0 };
  for (const [name, set] of Object.entries(sets)) {
    const t = { right: 0, wrong: 0, oldRight: 0, oldWrong: 0, n: 0 };
    for (const { q, expected } of split(set)[which]) {
      const [best] = await matchRebuttals(env.deps, q, { limit: 1, ...INTAKE_MATCH });
      const ok = best?.rebuttalId === env.idByExternal.get(expected);
      t.n++;
      if (isSameRumour(best)) ok ? t.right++ : t.wrong++;
      if (best && best.score >= OLD_RULE) ok ? t.oldRight++ : t.oldWrong++;
      if (verbose && isSameRumour(best) && !ok)
        console.log(`    wrong answer ${best!.confidence}: ${q}`);
    }
    for (const k of Object.keys(all) as (keyof typeof all)[]) all[k] += t[k];
    console.log(
      `repeats ${name.padEnd(50)} ${String(t.n).padStart(3)}  ${f(t.right / t.n)} ${f(t.wrong / t.n)}   ${f(t.oldRight / t.n)}     ${f(t.oldWrong / t.n)}`,
    );
  }
  console.log(
    `repeats ${"all sets".padEnd(50)} ${String(all.n).padStart(3)}  ${f(all.right / all.n)} ${f(all.wrong / all.n)}   ${f(all.oldRight / all.n)}     ${f(all.oldWrong / all.n)}`,
  );
  for (const [name, set] of Object.entries({
    "new rumours (batch 1)": handwrittenNewRumours,
    "new rumours (batch 2)": moreNewRumours,
  })) {
    const fresh = split(set)[which];
    let answered = 0;
    let oldAnswered = 0;
    for (const q of fresh) {
      const [top] = await matchRebuttals(env.deps, q, { limit: 1, ...INTAKE_MATCH });
      if (top && top.score >= OLD_RULE) oldAnswered++;
      if (!isSameRumour(top)) continue;
      answered++;
      console.log(`    answered ${top!.confidence}: ${q} → ${top!.title.slice(0, 40)}`);
    }
    console.log(
      `${name.padEnd(58)} ${String(fresh.length).padStart(3)}  answered ${f(answered / fresh.length)}   old ${f(oldAnswered / fresh.length)}`,
    );
  }
}

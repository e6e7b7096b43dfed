/**
 * `npx tsx bench/relevance-fit.ts`: fits the same-rumour confidence (src/library/confidence.ts)
 * on the tune halves only and prints its coefficients and threshold as content/matching.json
 * wants them, then what they do on both halves beside the old rule (best raw score ≥ 0.5).
 *
 * Each query is searched once in a fresh library of the shared data (its own Postgres and
 * Meilisearch); its best candidate gives one row: the features, and whether answering with it
 * would be right (a repeat whose best candidate is the expected rebuttal) or wrong (a rumour not
 * in the library, or a repeat whose best candidate is another). A logistic regression with a
 * little L2 is fitted on standardised features, each group (generated repeats, hand-written
 * repeats) weighing a quarter in total and the new rumours half. The threshold is the lowest at
 * which at most 2 % of the tune half's new rumours and of its repeats would be answered wrongly,
 * judged on out-of-fold confidences (4 folds of the tune half): a threshold chosen on the rows
 * the model was fitted on is optimistic. `--dump file` keeps the rows, `--from file` refits from
 * them without searching again, `--drop a,b` fits without features a and b.
 */
import fs from "node:fs";
import { AnswerCache } from "../src/library/cache.ts";
import { CONFIDENCE_FEATURES, type SameRumourFeatures } from "../src/library/confidence.ts";
import { Availability } from "../src/library/meili/availability.ts";
import { type LibraryEngines, retrieve } from "../src/library/retrieve.ts";
import { TermStats } from "../src/library/term-stats.ts";
import { createLogger } from "../src/log.ts";
import { normalizeText } from "../src/text/normalize.ts";
import { libraryEnvironment, loadSharedData } from "./library-env.ts";
import { handwrittenNewRumours, handwrittenRepeats } from "./relevance-handwritten.ts";
import { moreNewRumours, moreRepeats } from "./relevance-handwritten-more.ts";
import { buildQuerySets, split } from "./relevance-queries.ts";

type Group = "generated" | "handwritten" | "new";
interface Row {
  q: string;
  group: Group;
  half: "tune" | "report";
  /** 1: answering with the best candidate is right; 0: wrong. */
  label: 0 | 1;
  x: number[];
  raw: number;
}

const OLD_RULE = 0.5;
/** content/matching.json confidence.minScore: no answer below this match score, whatever the confidence. */
const MIN_SCORE = 0.4;
/** A wrong answer costs more than a late one: the rumours not in the library weigh double. */
const GROUP_WEIGHT: Record<Group, number> = { generated: 0.25, handwritten: 0.25, new: 0.5 };
const MAX_WRONG = 0.02;

const from = argValue("--from");
const rows: Row[] = from ? JSON.parse(fs.readFileSync(from, "utf8")) : await collect();
// `--drop margin,rare` fits without those features (their weight stays 0).
const dropped = new Set((argValue("--drop") ?? "").split(",").filter(Boolean));
for (const r of rows) r.x = r.x.map((v, i) => (dropped.has(CONFIDENCE_FEATURES[i]!) ? 0 : v));
const dump = argValue("--dump");
if (dump) fs.writeFileSync(dump, JSON.stringify(rows));

/** One row per query of every set, both halves. */
async function collect(): Promise<Row[]> {
  const rows: Row[] = [];
  const { dxy, cofacts } = loadSharedData();
  const env = await libraryEnvironment([...dxy, ...cofacts]);
  try {
    const e: LibraryEngines = {
      sql: env.deps.sql,
      log: createLogger({ level: "silent" }),
      meili: env.deps.search,
      availability: new Availability(async () => true),
      termStats: new TermStats(),
      cache: new AnswerCache(0),
    };
    const features = async (q: string) => {
      const [best] = (await retrieve(e, normalizeText(q), {}, { meili: true })).ranked;
      return { best, x: CONFIDENCE_FEATURES.map((f) => best?.features?.[f] ?? 0) };
    };
    const repeats: [Group, { q: string; expected: string }[]][] = [
      ...Object.values(buildQuerySets(dxy, cofacts)).map((s): [Group, typeof s] => [
        "generated",
        s,
      ]),
      ["handwritten", handwrittenRepeats],
      ["handwritten", moreRepeats],
    ];
    for (const [group, set] of repeats)
      for (const half of ["tune", "report"] as const)
        for (const { q, expected } of split(set)[half]) {
          const { best, x } = await features(q);
          const right = best?.id === env.idByExternal.get(expected);
          rows.push({ q, group, half, label: right ? 1 : 0, x, raw: best?.score ?? 0 });
        }
    for (const set of [handwrittenNewRumours, moreNewRumours])
      for (const half of ["tune", "report"] as const)
        for (const q of split(set)[half]) {
          const { best, x } = await features(q);
          rows.push({ q, group: "new", half, label: 0, x, raw: best?.score ?? 0 });
        }
  } finally {
    await env.close();
  }
  return rows;
}

const tune = rows.filter((r) => r.half === "tune");
const model = fitLogistic(tune);
const confidence = (r: Row) => predict(model, r);
const threshold = chooseThreshold(tune, outOfFold(tune));
const weights = Object.fromEntries(
  CONFIDENCE_FEATURES.map((f, i) => [f, round(model.w[i]!)]),
) as SameRumourFeatures;
console.log("content/matching.json:");
console.log(
  JSON.stringify(
    {
      autoMatch: threshold,
      confidence: { minScore: MIN_SCORE, intercept: round(model.intercept), weights },
    },
    null,
    2,
  ),
);
console.log(
  "\nhalf    rule                 new answered  repeats right  wrong   hand-written right",
);
for (const half of ["tune", "report"] as const) {
  const these = rows.filter((r) => r.half === half);
  report(half, `raw score ≥ ${OLD_RULE}`, these, (r) => r.raw >= OLD_RULE);
  report(half, `confidence ≥ ${threshold}`, these, (r) => confidence(r) >= threshold);
  report(
    half,
    `… and score ≥ ${MIN_SCORE}`,
    these,
    (r) => confidence(r) >= threshold && r.raw >= MIN_SCORE,
  );
}
if (process.argv.includes("--verbose"))
  for (const r of rows.filter((r) => r.half === "report"))
    if (confidence(r) >= threshold ? r.label === 0 : r.group !== "new")
      console.log(
        `  ${r.group} ${r.label ? "missed" : "WRONG"} ${confidence(r).toFixed(2)} ${r.q.slice(0, 40)} [${r.x.map((v) => v.toFixed(2)).join(" ")}]`,
      );

function report(half: string, rule: string, these: Row[], answers: (r: Row) => boolean) {
  const fresh = these.filter((r) => r.group === "new");
  const reps = these.filter((r) => r.group !== "new");
  const hand = reps.filter((r) => r.group === "handwritten");
  const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} % (${k}/${n})`.padEnd(14);
  const right = (xs: Row[]) => xs.filter((r) => r.label === 1 && answers(r)).length;
  console.log(
    `${half.padEnd(7)} ${rule.padEnd(20)} ${pct(fresh.filter(answers).length, fresh.length)} ${pct(right(reps), reps.length)} ${pct(reps.filter((r) => r.label === 0 && answers(r)).length, reps.length)} ${pct(right(hand), hand.length)}`,
  );
}

function predict(m: { w: number[]; intercept: number }, r: Row): number {
  return 1 / (1 + Math.exp(-(m.intercept + m.w.reduce((s, w, i) => s + w * r.x[i]!, 0))));
}

/** Each row's confidence from a model fitted on the other three folds. */
function outOfFold(these: Row[]): (r: Row) => number {
  const conf = new Map<Row, number>();
  for (let k = 0; k < 4; k++) {
    const m = fitLogistic(these.filter((_, i) => i % 4 !== k));
    these.forEach((r, i) => {
      if (i % 4 === k) conf.set(r, predict(m, r));
    });
  }
  return (r) => conf.get(r)!;
}

/** The lowest threshold (two decimals) at which at most MAX_WRONG of new rumours and of repeats are answered wrongly. */
function chooseThreshold(tune: Row[], conf: (r: Row) => number): number {
  const fresh = tune.filter((r) => r.group === "new");
  const reps = tune.filter((r) => r.group !== "new");
  for (let t = 0.05; t < 1; t += 0.01) {
    const t2 = Math.round(t * 100) / 100;
    const newRate = fresh.filter((r) => conf(r) >= t2).length / fresh.length;
    const wrongRate = reps.filter((r) => r.label === 0 && conf(r) >= t2).length / reps.length;
    if (newRate <= MAX_WRONG && wrongRate <= MAX_WRONG) return t2;
  }
  return 0.99;
}

/** Weighted logistic regression with L2 on standardised features; coefficients returned raw. */
function fitLogistic(train: Row[]) {
  const k = CONFIDENCE_FEATURES.length;
  const mean = Array.from({ length: k }, (_, i) => avg(train.map((r) => r.x[i]!)));
  const sd = Array.from(
    { length: k },
    (_, i) => Math.sqrt(avg(train.map((r) => (r.x[i]! - mean[i]!) ** 2))) || 1,
  );
  const size = new Map<Group, number>();
  for (const r of train) size.set(r.group, (size.get(r.group) ?? 0) + 1);
  const weight = train.map((r) => GROUP_WEIGHT[r.group] / size.get(r.group)!);
  const z = train.map((r) => r.x.map((v, i) => (v - mean[i]!) / sd[i]!));
  const w = new Array<number>(k).fill(0);
  let b = 0;
  const lambda = 0.001;
  for (let step = 0; step < 5_000; step++) {
    const gw = w.map((wi) => lambda * wi);
    let gb = 0;
    train.forEach((r, n) => {
      const p = 1 / (1 + Math.exp(-(b + w.reduce((s, wi, i) => s + wi * z[n]![i]!, 0))));
      const g = (p - r.label) * weight[n]!;
      gb += g;
      for (let i = 0; i < k; i++) gw[i]! += g * z[n]![i]!;
    });
    b -= 1.0 * gb;
    for (let i = 0; i < k; i++) w[i]! -= 1.0 * gw[i]!;
  }
  const raw = w.map((wi, i) => wi / sd[i]!);
  return { w: raw, intercept: b - raw.reduce((s, wi, i) => s + wi * mean[i]!, 0) };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function avg(xs: number[]) {
  return xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
}

function round(x: number) {
  return Math.round(x * 1000) / 1000;
}

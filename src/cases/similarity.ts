import type { PendingQuery, Row } from "postgres";
import type { Sql } from "../db/client.ts";
import { shingleHashes } from "../library/shingle-hash.ts";
import { shingles } from "../text/normalize.ts";
import type { MatchingSettings } from "./settings.ts";

export interface Fingerprint {
  weights: Map<string, number>;
  total: number;
  /** What a common shingle weighs (the settings' `commonShingleWeight`). */
  commonWeight: number;
}

/**
 * How much a set of shingles weighs: `distinct` of them count 1, `common` ones
 * `commonShingleWeight`. Totals and shared parts are weighed from counts, never summed shingle by
 * shingle, so that a score from counts (`OpenCaseText`'s, computed by Postgres) and one from two
 * fingerprints are the same number to the last bit.
 */
export const weigh = (distinct: number, common: number, s: MatchingSettings) =>
  distinct + common * s.commonShingleWeight;

/** The weighted shingle set of folded text: common rumour bigrams weigh little. */
export function fingerprint(normalized: string, s: MatchingSettings): Fingerprint {
  const common = s.commonShingles;
  const weights = new Map<string, number>();
  let commonCount = 0;
  for (const sh of shingles(normalized)) {
    if (weights.has(sh)) continue;
    const isCommon = common.has(sh);
    if (isCommon) commonCount++;
    weights.set(sh, isCommon ? s.commonShingleWeight : 1);
  }
  const total = weigh(weights.size - commonCount, commonCount, s);
  return { weights, total, commonWeight: s.commonShingleWeight };
}

/** Below this much distinctive text a comparison says nothing. */
export const MIN_WEIGHT = 3;

/** How much of a case's text (its head, in characters) a report is compared with. */
export const COMPARED_CHARS = 1500;

/**
 * The shingle hashes a case's or report's folded text is found by (migration 0197): those of the
 * part a report is compared with (`COMPARED_CHARS` code points, as Postgres's `left`).
 * @example insert … shingle_hashes = ${textHashes(textNorm)}
 */
export function textHashes(normalized: string): number[] {
  return shingleHashes(shingles(Array.from(normalized).slice(0, COMPARED_CHARS).join("")));
}

/** Which open cases a reading must look at (`caseCandidates`); none given: every open case. */
export interface CaseCandidates {
  /**
   * The hashes of the query's distinctive (not common) shingles: a case holding one is read;
   * none given: every case may be.
   */
  wanted?: number[];
  /** A case whose most common-worded text has at least this common share is read too. */
  commonShare?: number;
  /** The weight a case's texts together must share with the query (any text reaching `min` does). */
  minShared: number;
  /**
   * The score asked for (`min`): a case's texts together must also share `line` times the lighter
   * of the query and the case's lightest text (`cases.least_weight`, migration 0291), when known.
   */
  line: number;
}

/**
 * The open cases a text may score `min` or more against. A score is at most the shared weight
 * over the shorter text's weight, itself at least `MIN_WEIGHT`: a text reaching `min` shares at
 * least `min * MIN_WEIGHT` with the query, and so do its case's texts together. A text that
 * shares none of the query's distinctive shingles shares common ones only, weighing at most the
 * query's common weight `cq`; if the query is the shorter, the score is at most `cq` over the
 * query's weight, if the text is, at most the text's own common share. So: no case beyond those
 * sharing a distinctive hash when `cq / MIN_WEIGHT < min`, every case when
 * `cq / query.total >= min`, else also the cases holding a text whose common share reaches `min`.
 * @example const which = caseCandidates(fingerprint(norm, s), s, s.attachCase);
 */
export function caseCandidates(
  query: Fingerprint,
  s: MatchingSettings,
  min: number,
): CaseCandidates | undefined {
  if (min <= 0) return undefined;
  const distinct: string[] = [];
  let commonCount = 0;
  for (const sh of query.weights.keys()) {
    if (s.commonShingles.has(sh)) commonCount++;
    else distinct.push(sh);
  }
  const cq = weigh(0, commonCount, s);
  // Less a hair, so that a sum rounded otherwise in Postgres never drops a case at the line.
  const minShared = min * MIN_WEIGHT - 1e-9;
  const wanted = shingleHashes(distinct);
  if (cq / MIN_WEIGHT < min) return { wanted, minShared, line: min };
  if (cq / query.total >= min) return { minShared, line: min };
  return { wanted, commonShare: min, minShared, line: min };
}

/**
 * The weighted share of common shingles in the part of folded text a report is compared with
 * (0 for a text too short to score), kept with a report's text (migration 0215).
 * @example insert … common_share = ${commonShare(textNorm, s)}
 */
export function commonShare(normalized: string, s: MatchingSettings): number {
  const f = fingerprint(Array.from(normalized).slice(0, COMPARED_CHARS).join(""), s);
  if (f.total < MIN_WEIGHT) return 0;
  let common = 0;
  for (const sh of f.weights.keys()) if (s.commonShingles.has(sh)) common++;
  return weigh(0, common, s) / f.total;
}

/**
 * The weight of the part of folded text a report is compared with, kept with a report's text
 * (migration 0291), counted as Postgres counts it when it scores the text (`openCaseTexts`): from
 * its distinct hashes, those among the common shingles' weighing `commonShingleWeight`. Two
 * shingles of one hash weigh once there, so a weight taken from the shingles could exceed the
 * one Postgres scores with, and the reading's bound would leave out a case at the line.
 * @example insert … weight = ${textWeight(textNorm, s)}
 */
export function textWeight(normalized: string, s: MatchingSettings): number {
  const common = commonHashesOf(s).set;
  const hashes = textHashes(normalized);
  let nc = 0;
  for (const h of hashes) if (common.has(h)) nc++;
  return weigh(hashes.length - nc, nc, s);
}

/** A query's shingle hashes by kind, and those of every common shingle, for Postgres to count with. */
export interface QueryHashes {
  /** The query's own weight (its fingerprint's total). */
  weight: number;
  distinct: number[];
  common: number[];
  /** What a common shingle weighs. */
  commonWeight: number;
  /** Every common shingle's hash (the settings' list), to count a text's common shingles. */
  commonAll: number[];
}

const commonHashes = new WeakMap<Set<string>, { list: number[]; set: Set<number> }>();

/** The hashes of the settings' common shingles, worked out once per settings. */
function commonHashesOf(s: MatchingSettings): { list: number[]; set: Set<number> } {
  let found = commonHashes.get(s.commonShingles);
  if (!found) {
    const list = shingleHashes(s.commonShingles);
    found = { list, set: new Set(list) };
    commonHashes.set(s.commonShingles, found);
  }
  return found;
}

/**
 * The hashes Postgres counts a stored text's shingles with (`openCaseTexts`), so that
 * `similarityOfWeights` gives the score `similarity` gives for the text itself (up to a hash
 * collision, about one pair in 90,000 shingles, which moves a score a little).
 * @example const h = queryHashes(fingerprint(norm, s), s);
 */
export function queryHashes(query: Fingerprint, s: MatchingSettings): QueryHashes {
  const commonAll = commonHashesOf(s).list;
  const distinct: string[] = [];
  const common: string[] = [];
  for (const sh of query.weights.keys()) (s.commonShingles.has(sh) ? common : distinct).push(sh);
  return {
    weight: query.total,
    distinct: shingleHashes(distinct),
    common: shingleHashes(common),
    commonWeight: s.commonShingleWeight,
    commonAll,
  };
}

/**
 * How alike two texts are, 0..1: the weighted share of the shorter text's shingles found in the
 * longer one (a short question inside a long forward still matches), blended with weighted Dice
 * so that two long messages sharing only boilerplate stay apart.
 * @example similarity(fingerprint(a, s), fingerprint(b, s))
 */
export function similarity(a: Fingerprint, b: Fingerprint): number {
  const [short, long] = a.total <= b.total ? [a, b] : [b, a];
  if (short.total < MIN_WEIGHT) return 0;
  let distinct = 0;
  let common = 0;
  for (const [sh, w] of short.weights) {
    if (!long.weights.has(sh)) continue;
    if (w === 1) distinct++;
    else common++;
  }
  return similarityOfWeights(a.total, b.total, distinct + common * a.commonWeight);
}

/**
 * `similarity` from the weights alone: of two texts, and of the shingles they share.
 * @example similarityOfWeights(query.total, weigh(n - nc, nc, s), weigh(sd, sc, s))
 */
export function similarityOfWeights(a: number, b: number, shared: number): number {
  const [short, long] = a <= b ? [a, b] : [b, a];
  if (short < MIN_WEIGHT) return 0;
  const containment = shared / short;
  const dice = (2 * shared) / (short + long);
  return 0.75 * containment + 0.25 * dice;
}

/**
 * `similarityOfWeights` as a Postgres float8 expression over weight expressions, the same
 * operations in the same order, so a score computed by Postgres under the intake lock and one
 * computed here are the same number to the bit (tested; ADR 0240).
 * @example sql`select ${similarityOfWeightsSql(sql, sql`${a}::float8`, b, shared)}`
 */
export function similarityOfWeightsSql(
  sql: Sql,
  a: PendingQuery<Row[]>,
  b: PendingQuery<Row[]>,
  shared: PendingQuery<Row[]>,
): PendingQuery<Row[]> {
  const short = sql`least((${a})::float8, (${b})::float8)`;
  const long = sql`greatest((${a})::float8, (${b})::float8)`;
  const s = sql`(${shared})::float8`;
  return sql`(case when ${short} < ${MIN_WEIGHT}::float8 then 0::float8
    else 0.75::float8 * (${s} / ${short}) + 0.25::float8 * ((2::float8 * ${s}) / (${short} + ${long}))
    end)`;
}

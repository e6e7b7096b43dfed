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
const MIN_WEIGHT = 3;

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

/**
 * The hashes of the query's distinctive (not common) shingles, which a text must share to score
 * `min` or more; none (read every text) when common shingles alone could reach `min`: a score is
 * at most the shared weight over the shorter text's weight, itself at least `MIN_WEIGHT`.
 * @example const wanted = distinctiveHashes(fingerprint(norm, s), s, s.attachCase);
 */
export function distinctiveHashes(
  query: Fingerprint,
  s: MatchingSettings,
  min: number,
): number[] | undefined {
  const distinct: string[] = [];
  let commonWeight = 0;
  for (const [sh, w] of query.weights) {
    if (s.commonShingles.has(sh)) commonWeight += w;
    else distinct.push(sh);
  }
  if (min <= 0 || commonWeight / MIN_WEIGHT >= min) return undefined;
  return shingleHashes(distinct);
}

/** A query's shingle hashes by kind, and those of every common shingle, for Postgres to count with. */
export interface QueryHashes {
  distinct: number[];
  common: number[];
  /** Every common shingle's hash (the settings' list), to count a text's common shingles. */
  commonAll: number[];
}

const commonHashes = new WeakMap<Set<string>, number[]>();

/**
 * The hashes Postgres counts a stored text's shingles with (`openCaseTexts`), so that
 * `similarityOfWeights` gives the score `similarity` gives for the text itself (up to a hash
 * collision, about one pair in 90,000 shingles, which moves a score a little).
 * @example const h = queryHashes(fingerprint(norm, s), s);
 */
export function queryHashes(query: Fingerprint, s: MatchingSettings): QueryHashes {
  let commonAll = commonHashes.get(s.commonShingles);
  if (!commonAll) {
    commonAll = shingleHashes(s.commonShingles);
    commonHashes.set(s.commonShingles, commonAll);
  }
  const distinct: string[] = [];
  const common: string[] = [];
  for (const sh of query.weights.keys()) (s.commonShingles.has(sh) ? common : distinct).push(sh);
  return { distinct: shingleHashes(distinct), common: shingleHashes(common), commonAll };
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

import { shingleHashes } from "../library/shingle-hash.ts";
import { shingles } from "../text/normalize.ts";
import type { MatchingSettings } from "./settings.ts";

export interface Fingerprint {
  weights: Map<string, number>;
  total: number;
}

/** The weighted shingle set of folded text: common rumour bigrams weigh little. */
export function fingerprint(normalized: string, s: MatchingSettings): Fingerprint {
  const common = s.commonShingles;
  const weights = new Map<string, number>();
  for (const sh of shingles(normalized)) {
    weights.set(sh, common.has(sh) ? s.commonShingleWeight : 1);
  }
  let total = 0;
  for (const w of weights.values()) total += w;
  return { weights, total };
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

/**
 * How alike two texts are, 0..1: the weighted share of the shorter text's shingles found in the
 * longer one (a short question inside a long forward still matches), blended with weighted Dice
 * so that two long messages sharing only boilerplate stay apart.
 * @example similarity(fingerprint(a, s), fingerprint(b, s))
 */
export function similarity(a: Fingerprint, b: Fingerprint): number {
  const [short, long] = a.total <= b.total ? [a, b] : [b, a];
  if (short.total < MIN_WEIGHT) return 0;
  let shared = 0;
  for (const [sh, w] of short.weights) if (long.weights.has(sh)) shared += w;
  const containment = shared / short.total;
  const dice = (2 * shared) / (short.total + long.total);
  return 0.75 * containment + 0.25 * dice;
}

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

/**
 * What the same-rumour confidence looks at for a query and its best candidate, each explained in
 * docs/adr/0075. Weights are fitted by bench/relevance-fit.ts and kept in content/matching.json.
 */
export const CONFIDENCE_FEATURES = [
  "score",
  "margin",
  "agree",
  "missing",
  "claimCover",
  "claimMissing",
  "rare",
  "lengthRatio",
  "negation",
  "offTopic",
  "otherAction",
  "strangeThings",
  "otherPlace",
  "inOpening",
] as const;
export type ConfidenceFeature = (typeof CONFIDENCE_FEATURES)[number];
export type SameRumourFeatures = Record<ConfidenceFeature, number>;

/** A logistic model over the features: confidence = 1 / (1 + e^-(intercept + Σ weight × feature)). */
export interface ConfidenceModel {
  /** Below this match score no confidence answers: in a small library the margin to the second says little. */
  minScore: number;
  intercept: number;
  weights: Record<ConfidenceFeature, number>;
}

/**
 * Verdicts of a rebuttal (shared/DESIGN.md): the one place their values, Chinese labels, badge
 * colours and the ratings other standards read are written. The database CHECK on
 * `revisions.verdict` and `rebuttals.verdict` is tested against this list.
 */
export const verdicts = ["false", "misleading", "unproven", "true"] as const;
export type Verdict = (typeof verdicts)[number];

export const verdictLabels: Record<Verdict, string> = {
  false: "谣言",
  misleading: "误导",
  unproven: "尚无定论",
  true: "属实",
};

/** Badge colours on the public pages: white text on each holds WCAG AA contrast (≥ 4.5:1). */
export const verdictColours: Record<Verdict, string> = {
  false: "#c0392b",
  misleading: "#a84300",
  unproven: "#5f6b6d",
  true: "#1e7e34",
};

/** schema.org ClaimReview `ratingValue` on a 1 (false) – 5 (true) scale. */
export const verdictRatings: Record<Verdict, number> = {
  false: 1,
  misleading: 2,
  unproven: 3,
  true: 5,
};

/** CAP 1.2 `certainty` of an alert carrying this verdict. */
export const verdictCapCertainty: Record<Verdict, "Observed" | "Likely" | "Possible"> = {
  false: "Observed",
  misleading: "Likely",
  unproven: "Possible",
  true: "Observed",
};

/** Verdicts that contradict a claim: a rebuttal with one of them must cite a source. */
export const verdictsNeedingSources: readonly Verdict[] = ["false", "misleading"];

/** Whether a string is one of the verdicts. */
export function isVerdict(value: unknown): value is Verdict {
  return (verdicts as readonly unknown[]).includes(value);
}

/** The Chinese label of a verdict, or the value itself when it is not one (old data). */
export function verdictLabel(value: string): string {
  return isVerdict(value) ? verdictLabels[value] : value;
}

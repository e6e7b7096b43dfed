/**
 * Kinds of a published message (shared/DESIGN.md, "Words"): values and Chinese labels. The
 * database CHECKs on `revisions.kind` and `rebuttals.kind` are tested against this list.
 */
export const rebuttalKinds = ["rebuttal", "explainer", "guidance"] as const;
export type RebuttalKind = (typeof rebuttalKinds)[number];

export const rebuttalKindLabels: Record<RebuttalKind, string> = {
  rebuttal: "辟谣",
  explainer: "热点科普",
  guidance: "防护指引",
};

/** The Chinese label of a kind, or the value itself when it is not one. */
export function rebuttalKindLabel(value: string): string {
  return (rebuttalKindLabels as Record<string, string>)[value] ?? value;
}

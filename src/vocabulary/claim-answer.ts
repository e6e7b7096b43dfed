import { verdictLabel } from "./verdicts.ts";

/**
 * How every channel tells the rumour from the answer: the claim carries the verdict label
 * ("网传「…」？谣言"), the answer stands on its own after 真相 — a label placed before the
 * advice ("〔谣言〕台风天应关紧门窗") reads as if the advice were the rumour.
 */
export const claimWord = "网传";
export const answerWord = "真相";

/** Longest claim quoted in a one-line headline (whole forwarded messages are long). */
const HEADLINE_CLAIM_CHARS = 40;

export interface ClaimAndAnswer {
  claim: string | null;
  verdict: string | null;
  title: string;
}

/**
 * A claim without a leading 网传 (the line says it already) or closing punctuation (the verdict
 * line adds its own "？").
 */
export function bareClaim(claim: string): string {
  return claim
    .trim()
    .replace(/^网传[：:，,\s]*/u, "")
    .replace(/[？?。！!，,\s]+$/u, "");
}

/** A claim shortened to `max` characters, whitespace folded. */
export function shortClaim(claim: string, max = HEADLINE_CLAIM_CHARS): string {
  const flat = bareClaim(claim).replace(/\s+/g, " ");
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : flat;
}

/**
 * The claim with its verdict label, or null when the message answers no claim.
 * @example claimLine({ claim: "台风天开窗能平衡气压", verdict: "false", title }) → "网传「台风天开窗能平衡气压」？谣言"
 */
export function claimLine(r: ClaimAndAnswer, max = HEADLINE_CLAIM_CHARS): string | null {
  if (!r.claim?.trim()) return null;
  const quoted = `${claimWord}「${shortClaim(r.claim, max)}」`;
  return r.verdict ? `${quoted}？${verdictLabel(r.verdict)}` : quoted;
}

/** The answer: the rebuttal's own title after 真相 (no verdict label near it). */
export function answerLine(r: Pick<ClaimAndAnswer, "title">): string {
  return `${answerWord}：${r.title}`;
}

/**
 * One line for titles (feeds, email subjects, CAP, event payloads): claim, then answer.
 * @example headline(r) → "网传「台风天开窗能平衡气压」？谣言。真相：台风天应关紧门窗"
 */
export function headline(r: ClaimAndAnswer): string {
  const claim = claimLine(r);
  return claim ? `${claim}。${answerLine(r)}` : r.title;
}

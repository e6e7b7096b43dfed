import crypto from "node:crypto";
import { diffChars } from "diff";
import { normalizeText } from "../text/normalize.ts";

/** The text of a message as people see and forward it. */
export interface MessageText {
  title: string;
  summary: string;
  body: string;
}

const entities: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&nbsp;": " ",
};

/**
 * The text of rendered (sanitised) body HTML: blocks become lines, tags go, entities decode.
 * @example htmlToText("<p>勤洗手</p><ul><li>戴口罩</li></ul>") === "勤洗手\n戴口罩"
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/(p|li|h[1-6]|blockquote|pre|tr)>|<br\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (e) => entities[e]!)
    .replace(/\n{2,}/g, "\n")
    .trim();
}

/**
 * Text folded for comparison: `normalizeText` (NFKC, Simplified, lower case) without any white
 * space, which copying from a page, a chat or a screenshot never keeps.
 */
export function comparable(text: string): string {
  return normalizeText(text).replace(/\s+/g, "");
}

/** The whole message as one text (title, summary, body on their own lines). */
export function wholeText(m: MessageText): string {
  return [m.title, m.summary, m.body].filter(Boolean).join("\n");
}

const MIN_UNIT = 6;

/**
 * The parts of a message someone may quote as a whole (the message, title + summary, summary +
 * body, each field), folded with `comparable`.
 */
export function textUnits(m: MessageText): string[] {
  const units = [
    wholeText(m),
    `${m.title}${m.summary}`,
    `${m.summary}${m.body}`,
    m.title,
    m.summary,
    m.body,
  ].map(comparable);
  return [...new Set(units.filter((u) => u.length >= MIN_UNIT))];
}

/** The hash a folded text unit is found by. */
export function textHash(folded: string): string {
  return crypto.createHash("sha256").update(folded).digest("hex");
}

export interface Difference {
  /** `same`; `added`: only in the text presented; `removed`: only in the genuine text. */
  op: "same" | "added" | "removed";
  text: string;
}

/**
 * How alike a presented text is to a genuine one (Dice over shared characters, 0..1) and the
 * character differences, both folded; undefined when they are too different to be worth a diff.
 * @example likeness("板蓝根不能预防新冠", "板蓝根能预防新冠")?.similarity ≈ 0.94
 */
export function likeness(
  genuine: string,
  presented: string,
): { similarity: number; differences: Difference[] } | undefined {
  const a = comparable(genuine);
  const b = comparable(presented);
  if (!a || !b || Math.min(a.length, b.length) / Math.max(a.length, b.length) < 0.5) return;
  const changes = diffChars(a, b, { maxEditLength: Math.ceil((a.length + b.length) / 2) });
  if (!changes) return;
  let same = 0;
  for (const c of changes) if (!c.added && !c.removed) same += c.value.length;
  return {
    similarity: (2 * same) / (a.length + b.length),
    differences: changes.map((c) => ({
      op: c.added ? "added" : c.removed ? "removed" : "same",
      text: c.value,
    })),
  };
}

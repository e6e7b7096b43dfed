import { toSimplified } from "./simplify.ts";

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Texts folded lately: a search folds its query twice (the answer, then its count). */
const recent = new Map<string, string>();
const RECENT_MAX = 256;
/** Longer texts (pasted messages) are folded afresh: they are rarely asked twice. */
const RECENT_CHARS = 500;

/**
 * Folds text for matching: NFKC (full-width digits and letters to ASCII), zero-width and control
 * characters removed, Traditional to Simplified Chinese, lower case, runs of space collapsed.
 * @example normalizeText("５Ｇ會傳播病毒？") === "5g会传播病毒?"
 */
export function normalizeText(text: string): string {
  if (text.length > RECENT_CHARS) return fold(text);
  let folded = recent.get(text);
  if (folded === undefined) {
    folded = fold(text);
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
    recent.set(text, folded);
  }
  return folded;
}

function fold(text: string): string {
  return toSimplified(text.normalize("NFKC").replace(ZERO_WIDTH, "").replace(CONTROL, " "))
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

const HAN = /\p{Script=Han}/u;
const WORDISH = /[\p{L}\p{N}]/u;

/**
 * The character bigrams of Han runs plus whole Latin/digit words, from normalised text.
 * Chinese has no spaces, so bigrams are a robust unit for similarity.
 * @example shingles("5g 会传播病毒") → ["5g", "会传", "传播", "播病", "病毒"]
 */
export function shingles(normalized: string): string[] {
  const out: string[] = [];
  let han = "";
  let word = "";
  const flushHan = () => {
    if (han.length === 1) out.push(han);
    for (let i = 0; i + 1 < han.length; i++) out.push(han.slice(i, i + 2));
    han = "";
  };
  const flushWord = () => {
    if (word) out.push(word);
    word = "";
  };
  for (const ch of normalized) {
    if (HAN.test(ch)) {
      flushWord();
      han += ch;
    } else if (WORDISH.test(ch)) {
      flushHan();
      word += ch;
    } else {
      flushHan();
      flushWord();
    }
  }
  flushHan();
  flushWord();
  return out;
}

/** Dice coefficient of two shingle sets, 0..1. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Share of the query's shingles found in the document, 0..1 (good for short questions). */
export function containment(query: ReadonlySet<string>, doc: ReadonlySet<string>): number {
  if (query.size === 0) return 0;
  let shared = 0;
  for (const s of query) if (doc.has(s)) shared++;
  return shared / query.size;
}

import { escapeHtml } from "../http/html.ts";
import { normalizeText, shingles } from "../text/normalize.ts";
import { toSimplified } from "../text/simplify.ts";

/** Characters folded so far: bounded by the character set, not by the library. */
const folded = new Map<string, string>();

function foldChar(ch: string): string {
  const known = folded.get(ch);
  if (known !== undefined) return known;
  const simple = ch.normalize("NFKC").toLowerCase();
  const converted = [...toSimplified(ch)];
  const out = simple.length === 1 && converted.length === 1 ? converted[0]!.toLowerCase() : simple;
  folded.set(ch, out);
  return out;
}

/**
 * Each character folded (NFKC, lower case, Traditional→Simplified), position for position.
 * Character by character, memoised: converting each hit's text whole cost more than the rest
 * of an uncached search.
 */
function foldChars(chars: string[]): string[] {
  return chars.map(foldChar);
}

/**
 * The text as HTML with the stretches that share bigrams with the query in `<mark>`, compared
 * in folded form (so a Traditional query marks Simplified text), cropped to `maxChars` around
 * the first mark.
 * @example highlight("盐水漱口能预防新冠？", "漱口 预防") === "盐水<mark>漱口</mark>能<mark>预防</mark>新冠？"
 */
export function highlight(text: string, query: string | Set<string>, maxChars = 200): string {
  const terms = typeof query === "string" ? new Set(shingles(normalizeText(query))) : query;
  const chars = [...text];
  const foldedChars = foldChars(chars);
  const marked = new Uint8Array(chars.length);
  for (let i = 0; i + 1 < chars.length; i++) {
    if (terms.has(foldedChars[i]! + foldedChars[i + 1]!)) marked[i] = marked[i + 1] = 1;
  }
  let start = 0;
  let end = chars.length;
  if (chars.length > maxChars) {
    start = Math.max(0, marked.indexOf(1) - 20);
    end = Math.min(chars.length, start + maxChars);
  }
  // Escaped a stretch at a time, not a character at a time (≈ 30 fields per search page).
  let out = start > 0 ? "…" : "";
  let from = start;
  for (let i = start + 1; i <= end; i++) {
    if (i < end && marked[i] === marked[from]) continue;
    const run = escapeHtml(chars.slice(from, i).join(""));
    out += marked[from] ? `<mark>${run}</mark>` : run;
    from = i;
  }
  return end < chars.length ? `${out}…` : out;
}

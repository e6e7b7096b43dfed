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

/** `foldCode`'s table: not yet looked up, or folding to more (or less) than one code unit. */
const UNKNOWN = -1;
const NOT_ONE = -2;
/** Each UTF-16 code unit's fold as one code unit (`foldChar`), filled as units are met. */
let foldTable: Int32Array | undefined;

/** The code unit `foldChar` folds a unit (not a surrogate) to, or NOT_ONE. */
function foldCode(unit: number): number {
  foldTable ??= new Int32Array(0x10000).fill(UNKNOWN);
  let code = foldTable[unit]!;
  if (code === UNKNOWN) {
    const out = foldChar(String.fromCharCode(unit));
    const c = out.charCodeAt(0);
    code = out.length === 1 && (c < 0xd800 || c > 0xdfff) ? c : NOT_ONE;
    foldTable[unit] = code;
  }
  return code;
}

/** The query's two-unit terms as numbers (`unit1 * 0x10000 + unit2`), per terms set. */
const pairsOf = new WeakMap<Set<string>, Set<number>>();

function pairs(terms: Set<string>): Set<number> {
  let kept = pairsOf.get(terms);
  if (!kept) {
    kept = new Set();
    for (const t of terms)
      if (t.length === 2) kept.add(t.charCodeAt(0) * 0x10000 + t.charCodeAt(1));
    pairsOf.set(terms, kept);
  }
  return kept;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Which characters of `text` (one per code unit) stand in a bigram the query has, compared in
 * folded form; undefined when a character does not fold to exactly one code unit, or the text
 * has a character outside the Basic Multilingual Plane (`markChars` then reads it).
 */
function markUnits(text: string, terms: Set<string>): Uint8Array | undefined {
  if (SURROGATE.test(text)) return undefined;
  const wanted = pairs(terms);
  const marked = new Uint8Array(text.length);
  let before = text.length > 0 ? foldCode(text.charCodeAt(0)) : 0;
  if (before === NOT_ONE) return undefined;
  for (let i = 1; i < text.length; i++) {
    const code = foldCode(text.charCodeAt(i));
    if (code === NOT_ONE) return undefined;
    if (wanted.has(before * 0x10000 + code)) marked[i - 1] = marked[i] = 1;
    before = code;
  }
  return marked;
}

/** `markUnits` for any text, by code point: each character folded, position for position. */
function markChars(chars: string[], terms: Set<string>): Uint8Array {
  const foldedChars = chars.map(foldChar);
  const marked = new Uint8Array(chars.length);
  for (let i = 0; i + 1 < chars.length; i++) {
    if (terms.has(foldedChars[i]! + foldedChars[i + 1]!)) marked[i] = marked[i + 1] = 1;
  }
  return marked;
}

/**
 * The text as HTML with the stretches that share bigrams with the query in `<mark>`, compared
 * in folded form (so a Traditional query marks Simplified text), cropped to `maxChars` around
 * the first mark. Characters are folded one at a time, memoised (converting each hit's text
 * whole cost more than the rest of an uncached search); text of the Basic Multilingual Plane is
 * read by code unit, through a table, without splitting it into characters (ADR 0285).
 * @example highlight("盐水漱口能预防新冠？", "漱口 预防") === "盐水<mark>漱口</mark>能<mark>预防</mark>新冠？"
 */
export function highlight(text: string, query: string | Set<string>, maxChars = 200): string {
  const terms = typeof query === "string" ? new Set(shingles(normalizeText(query))) : query;
  const byUnit = markUnits(text, terms);
  if (byUnit) return render(byUnit, (from, to) => text.slice(from, to), maxChars);
  return highlightByChar(text, terms, maxChars);
}

/** `highlight` reading the text by code point (any text; the reference of its fast path). */
export function highlightByChar(text: string, terms: Set<string>, maxChars = 200): string {
  const chars = [...text];
  return render(markChars(chars, terms), (from, to) => chars.slice(from, to).join(""), maxChars);
}

/** The marked characters (`piece` reads a stretch of them) as cropped, escaped HTML. */
function render(
  marked: Uint8Array,
  piece: (from: number, to: number) => string,
  maxChars: number,
): string {
  let start = 0;
  let end = marked.length;
  if (marked.length > maxChars) {
    start = Math.max(0, marked.indexOf(1) - 20);
    end = Math.min(marked.length, start + maxChars);
  }
  // Escaped a stretch at a time, not a character at a time (≈ 30 fields per search page).
  let out = start > 0 ? "…" : "";
  let from = start;
  for (let i = start + 1; i <= end; i++) {
    if (i < end && marked[i] === marked[from]) continue;
    const run = escapeHtml(piece(from, i));
    out += marked[from] ? `<mark>${run}</mark>` : run;
    from = i;
  }
  return end < marked.length ? `${out}…` : out;
}

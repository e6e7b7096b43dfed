import * as OpenCC from "opencc-js";
import { escapeHtml } from "../http/html.ts";
import { normalizeText, shingles } from "../text/normalize.ts";

const toSimplified = OpenCC.Converter({ from: "tw", to: "cn" });

/** Each character folded (NFKC, lower case, Traditional→Simplified), position for position. */
function foldChars(chars: string[]): string[] {
  const simple = chars.map((ch) => ch.normalize("NFKC").toLowerCase());
  // One conversion for the whole text (per-character calls are slow); kept only if it stays 1:1.
  const converted = [...toSimplified(chars.join(""))];
  return converted.length === chars.length
    ? converted.map((ch, i) => (simple[i]!.length === 1 ? ch.toLowerCase() : simple[i]!))
    : simple;
}

/**
 * The text as HTML with the stretches that share bigrams with the query in `<mark>`, compared
 * in folded form (so a Traditional query marks Simplified text), cropped to `maxChars` around
 * the first mark.
 * @example highlight("盐水漱口能预防新冠？", "漱口 预防") === "盐水<mark>漱口</mark>能<mark>预防</mark>新冠？"
 */
export function highlight(text: string, query: string | Set<string>, maxChars = 200): string {
  const terms = typeof query === "string" ? new Set(shingles(normalizeText(query))) : query;
  let chars = [...text];
  let folded = foldChars(chars);
  const marked = new Array<boolean>(chars.length).fill(false);
  for (let i = 0; i + 1 < chars.length; i++) {
    if (terms.has(folded[i]! + folded[i + 1]!)) marked[i] = marked[i + 1] = true;
  }
  let start = 0;
  if (chars.length > maxChars) {
    start = Math.max(0, marked.indexOf(true) - 20);
    chars = chars.slice(start, start + maxChars);
    folded = [];
  }
  let out = start > 0 ? "…" : "";
  let open = false;
  for (let i = 0; i < chars.length; i++) {
    if (marked[start + i] !== open) {
      out += open ? "</mark>" : "<mark>";
      open = !open;
    }
    out += escapeHtml(chars[i]);
  }
  if (open) out += "</mark>";
  return start + chars.length < [...text].length ? `${out}…` : out;
}

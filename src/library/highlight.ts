import { escapeHtml } from "../http/html.ts";
import { normalizeText, shingles } from "../text/normalize.ts";

/**
 * The text as HTML with the stretches that share bigrams with the query in `<mark>`, compared
 * character by character in folded form (so a Traditional query marks Simplified text).
 * @example highlight("盐水漱口能预防新冠？", "漱口 预防") === "盐水<mark>漱口</mark>能<mark>预防</mark>新冠？"
 */
export function highlight(text: string, query: string | Set<string>): string {
  const terms = typeof query === "string" ? new Set(shingles(normalizeText(query))) : query;
  const chars = [...text];
  const folded = chars.map((ch) => normalizeText(ch) || ch);
  const marked = new Array<boolean>(chars.length).fill(false);
  for (let i = 0; i < chars.length; i++) {
    if (i + 1 < chars.length && terms.has(folded[i]! + folded[i + 1]!)) {
      marked[i] = true;
      marked[i + 1] = true;
    }
  }
  let out = "";
  let open = false;
  for (let i = 0; i < chars.length; i++) {
    if (marked[i] !== open) {
      out += open ? "</mark>" : "<mark>";
      open = !open;
    }
    out += escapeHtml(chars[i]);
  }
  return open ? `${out}</mark>` : out;
}

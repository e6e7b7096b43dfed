import type { Deps } from "../deps.ts";
import type { SearchAnswer } from "../library/search-answer.ts";
import { normalizeText } from "../text/normalize.ts";
import { effectCounter } from "./counter.ts";

/**
 * Counts a public search once its answer is known: a confident answer lands on its first hit,
 * anything else is a miss of its folded query (as `search_misses` keys it). Empty queries and
 * later pages are not searches of their own.
 * @example countSearch(deps, { q: "板蓝根" }, answer)
 */
export function countSearch(
  deps: Deps,
  input: { q?: unknown; offset?: unknown },
  answer: SearchAnswer,
): void {
  if (!deps.config.effectCounting) return;
  const q = typeof input.q === "string" ? input.q : "";
  if (!q.trim() || Number(input.offset ?? 0) > 0) return;
  const counter = effectCounter(deps);
  const first = answer.hits[0];
  if (answer.confident && first) {
    counter.add("searchHits", first.id, deps.now());
    return;
  }
  const norm = normalizeText(q).slice(0, 500);
  if (norm) counter.add("misses", norm, deps.now());
}

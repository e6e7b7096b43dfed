import type { Deps } from "../deps.ts";
import type { SearchAnswer } from "../library/search-answer.ts";
import { normalizeText } from "../text/normalize.ts";
import { wellFormed } from "../text/well-formed.ts";
import { effectCounter } from "./counter.ts";

/**
 * A miss is kept by its folded query's first characters, and with that much of the words typed.
 * The cut goes through `wellFormed` again: it may split a surrogate pair, whose lone half
 * Postgres would store as U+FFFD, making two keys one row.
 */
const MISS_CHARS = 500;
const cut = (text: string) => wellFormed(text.slice(0, MISS_CHARS));

/**
 * Counts a public search once its answer is known: a confident answer lands on its first hit,
 * anything else is a miss of its folded query — in the coordinators' list of searches without
 * an answer (`search_misses`, always) and in the effect figures (unless counting is off). Empty
 * queries and later pages are not searches of their own. Written with the counter's next flush.
 * @example countSearch(deps, { q: "板蓝根" }, answer)
 */
export function countSearch(
  deps: Deps,
  input: { q?: unknown; offset?: unknown },
  answer: SearchAnswer,
): void {
  const q = typeof input.q === "string" ? wellFormed(input.q).trim() : "";
  if (!q || Number(input.offset ?? 0) > 0) return;
  const counter = effectCounter(deps);
  const first = answer.hits[0];
  if (answer.confident && first) {
    if (deps.config.effectCounting) counter.add("searchHits", first.id, deps.now());
    return;
  }
  const norm = cut(normalizeText(q));
  if (!norm) return;
  // No confident answer is a miss too, even with related hits: coordinators see it as a possible new rumour.
  counter.miss(norm, cut(q), deps.now());
  if (deps.config.effectCounting) counter.add("misses", norm, deps.now());
}

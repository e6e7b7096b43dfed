import type { Deps } from "../deps.ts";
import { normalizeText } from "../text/normalize.ts";
import type { LibraryEngines, LookupLimits } from "./retrieve.ts";
import { retrieve } from "./retrieve.ts";
import type { RebuttalMatch } from "./search-answer.ts";

export type { RebuttalMatch } from "./search-answer.ts";

/**
 * Live, non-drill rebuttals that answer a text (a short question or a pasted message), best
 * first, `score` in 0..1 (compare with content/matching.json `suggest`); the best one's
 * `confidence` says whether it is the same rumour (`isSameRumour`). Works while Meilisearch is down.
 * @example const [best] = await matchRebuttals(deps, "盐水漱口能防新冠吗"); if (isSameRumour(best)) …
 */
export async function matchRebuttals(
  deps: Deps,
  text: string,
  opts: MatchOptions = {},
): Promise<RebuttalMatch[]> {
  return deps.search.match(text, opts);
}

/**
 * How many matches, whether Meilisearch may be asked (default true; `false`: Postgres's
 * candidates alone, as in degraded mode), and how many rows Postgres's lookups keep (`LIMITS`
 * unless told; `BEST_ONLY` when only the best match matters).
 */
export interface MatchOptions {
  limit?: number;
  meili?: boolean;
  lookup?: LookupLimits;
}

/** `matchRebuttals` as the door runs it. */
export async function matchText(
  e: LibraryEngines,
  text: string,
  opts: MatchOptions = {},
): Promise<RebuttalMatch[]> {
  const limit = Math.min(Math.max(opts.limit ?? 5, 1), 50);
  // A match shows no hit: its candidates come without their display JSON (ADR 0300).
  const { ranked } = await retrieve(
    e,
    normalizeText(text),
    {},
    { meili: opts.meili ?? true, display: false, lookup: opts.lookup },
  );
  return ranked.slice(0, limit).map((r) => ({
    rebuttalId: r.id,
    title: r.title,
    verdict: r.verdict,
    score: Math.round(r.score * 1000) / 1000,
    confidence: Math.round(r.confidence * 1000) / 1000,
  }));
}

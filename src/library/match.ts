import type { Deps } from "../deps.ts";
import { rankByShingles } from "./rank.ts";

export interface RebuttalMatch {
  rebuttalId: string;
  title: string;
  verdict: string | null;
  score: number;
}

/** Recommended thresholds on `score` (calibrated in bench/relevance.ts, see docs/adr/0040). */
export const MATCH_THRESHOLDS = { autoMatch: 0.65, suggest: 0.4 } as const;

/**
 * Live, non-drill rebuttals that answer a text (a short question or a pasted message), best
 * first, `score` in 0..1. Postgres only, so it works while Meilisearch is down.
 * @example const [best] = await matchRebuttals(deps, "盐水漱口能防新冠吗"); if (best?.score > 0.6) …
 */
export async function matchRebuttals(
  deps: Deps,
  text: string,
  opts: { limit?: number } = {},
): Promise<RebuttalMatch[]> {
  const limit = Math.min(Math.max(opts.limit ?? 5, 1), 50);
  const ranked = await rankByShingles(deps.sql, text, { limit });
  return ranked.map((r) => ({
    rebuttalId: r.id,
    title: r.title,
    verdict: r.verdict,
    score: Math.round(r.score * 1000) / 1000,
  }));
}

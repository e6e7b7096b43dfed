import { findShingleCandidates, findUnderivedRebuttals } from "../db/library.ts";
import type { Deps } from "../deps.ts";
import { deriveSearch } from "./derive.ts";
import { queryShingles } from "./query-terms.ts";
import { matchScore } from "./score.ts";

export interface RebuttalMatch {
  rebuttalId: string;
  title: string;
  verdict: string | null;
  score: number;
}

/** Recommended thresholds on `score` (calibrated in bench/relevance.ts, see docs/adr/0040). */
export const MATCH_THRESHOLDS = { autoMatch: 0.6, suggest: 0.35 } as const;

/** How many just-written rows without a derivation yet are scored on the fly. */
const UNDERIVED_LIMIT = 200;

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
  const terms = queryShingles(text);
  if (terms.length === 0) return [];
  const query = new Set(terms);
  const [candidates, underived] = await Promise.all([
    findShingleCandidates(deps.sql, terms, { limit: Math.max(50, limit * 5) }),
    findUnderivedRebuttals(deps.sql, UNDERIVED_LIMIT),
  ]);
  const docs = [
    ...candidates,
    ...underived.map((r) => ({ id: r.id, title: r.title, verdict: r.verdict, ...deriveSearch(r) })),
  ].map((c) => ({
    c,
    sets: {
      claim: new Set(c.claimShingles),
      doc: new Set(c.docShingles),
      body: new Set(c.bodyShingles),
    },
  }));
  const known = new Set<string>();
  for (const { sets } of docs)
    for (const s of query) if (sets.doc.has(s) || sets.body.has(s)) known.add(s);
  const scored: RebuttalMatch[] = docs.map(({ c, sets }) => ({
    rebuttalId: c.id,
    title: c.title,
    verdict: c.verdict,
    score: matchScore(query, sets, known),
  }));
  return scored
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((m) => ({ ...m, score: Math.round(m.score * 1000) / 1000 }));
}

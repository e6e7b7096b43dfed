import type { Sql } from "../db/client.ts";
import type { LibraryFilters } from "./db/library.ts";
import type { RebuttalHitRow } from "./db/library-public.ts";
import { queryTerms } from "./query-terms.ts";
import { matchScore } from "./score.ts";
import { candidates, type IndexedRebuttal, shingleIndex } from "./shingle-index.ts";

export interface RankedRebuttal {
  id: string;
  title: string;
  verdict: string | null;
  score: number;
  hit: RebuttalHitRow;
}

/**
 * The Postgres candidate source: live, non-drill rebuttals sharing bigrams with the text,
 * scored by `matchScore` (0..1), best first. Needs nothing but Postgres.
 * @example const ranked = await rankByShingles(sql, "熏醋能杀死病毒吗", { limit: 20 });
 */
export async function rankByShingles(
  sql: Sql,
  text: string,
  opts: { limit: number } & LibraryFilters,
): Promise<RankedRebuttal[]> {
  return (await rankWithIndex(sql, text, opts)).ranked;
}

/** `rankByShingles`, plus the index it used, to show any live rebuttal as a hit without a query. */
export async function rankWithIndex(
  sql: Sql,
  text: string,
  opts: { limit: number } & LibraryFilters,
): Promise<{ ranked: RankedRebuttal[]; byId: Map<string, IndexedRebuttal> }> {
  const query = queryTerms(text);
  const index = await shingleIndex(sql);
  if (query.shingles.length === 0) return { ranked: [], byId: index.byId };
  const found = candidates(index, query.shingles, opts, Math.max(40, opts.limit));
  const known = new Set<string>();
  for (const e of found) for (const s of query.set) if (e.doc.has(s) || e.body.has(s)) known.add(s);
  const ranked = found
    .map((e) => ({
      id: e.id,
      title: e.title,
      verdict: e.verdict,
      score: matchScore(query, e, known),
      hit: e.hit,
    }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, opts.limit);
  return { ranked, byId: index.byId };
}

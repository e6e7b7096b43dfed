import type { Sql } from "../db/client.ts";
import type { LibraryFilters } from "../db/library.ts";
import { queryShingles } from "./query-terms.ts";
import { matchScore } from "./score.ts";
import { candidates, shingleIndex } from "./shingle-index.ts";

export interface RankedRebuttal {
  id: string;
  title: string;
  verdict: string | null;
  score: number;
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
  const terms = queryShingles(text);
  if (terms.length === 0) return [];
  const query = new Set(terms);
  const found = candidates(await shingleIndex(sql), terms, opts, Math.max(40, opts.limit));
  const known = new Set<string>();
  for (const e of found) for (const s of query) if (e.doc.has(s) || e.body.has(s)) known.add(s);
  return found
    .map((e) => ({
      id: e.id,
      title: e.title,
      verdict: e.verdict,
      score: matchScore(query, e, known),
    }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, opts.limit);
}

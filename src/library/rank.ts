import type { Sql } from "../db/client.ts";
import {
  findShingleCandidates,
  findUnderivedRebuttals,
  type LibraryFilters,
} from "../db/library.ts";
import { deriveSearch } from "./derive.ts";
import { queryShingles } from "./query-terms.ts";
import { matchScore } from "./score.ts";

export interface RankedRebuttal {
  id: string;
  title: string;
  verdict: string | null;
  score: number;
}

/** How many just-written rows without a derivation yet are scored on the fly. */
const UNDERIVED_LIMIT = 200;

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
  const [candidates, underived] = await Promise.all([
    findShingleCandidates(sql, terms, { ...opts, limit: Math.max(50, opts.limit * 3) }),
    findUnderivedRebuttals(sql, UNDERIVED_LIMIT, opts),
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
  for (const { sets } of docs) {
    for (const s of query) if (sets.doc.has(s) || sets.body.has(s)) known.add(s);
  }
  return docs
    .map(({ c, sets }) => ({
      id: c.id,
      title: c.title,
      verdict: c.verdict,
      score: matchScore(query, sets, known),
    }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, opts.limit);
}

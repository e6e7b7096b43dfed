import type { CandidateRow } from "./db/candidates.ts";
import type { RebuttalHitRow } from "./db/library-public.ts";
import { deriveSearch } from "./derive.ts";
import { ProjectedSet } from "./projected-set.ts";
import type { QueryTerms } from "./query-terms.ts";
import { matchScore, type ShingleDoc } from "./score.ts";

export interface RankedRebuttal {
  id: string;
  title: string;
  verdict: string | null;
  score: number;
  hit: RebuttalHitRow;
}

function shingleDoc(row: CandidateRow): ShingleDoc {
  if (!row.derived) {
    const d = deriveSearch({ ...row, bodyMd: row.bodyMd ?? "", tags: row.tags ?? [] });
    return {
      claim: new Set(d.claimShingles),
      doc: new Set(d.docShingles),
      body: new Set(d.bodyShingles),
    };
  }
  return {
    claim: new ProjectedSet(row.claimHit, row.claimN),
    doc: new ProjectedSet(row.docHit, row.docN),
    body: new ProjectedSet(row.bodyHit, row.bodyN),
  };
}

function toHitRow(r: CandidateRow): RebuttalHitRow {
  return {
    id: r.id,
    externalId: r.externalId,
    slug: r.slug,
    claim: r.claim,
    title: r.title,
    summary: r.summary,
    verdict: r.verdict,
    category: r.category,
    regions: r.regions,
    publishedAt: r.publishedAt,
  };
}

/**
 * Candidates scored by `matchScore` (0..1) against the query's shingles, best first; those
 * scoring 0 are dropped. `known` (the query shingles any candidate contains) is taken over
 * all candidates, as the scorer expects.
 * @example const ranked = rankCandidates(queryTerms(text), rows);
 */
export function rankCandidates(query: QueryTerms, rows: CandidateRow[]): RankedRebuttal[] {
  const docs = rows.map((row) => ({ row, d: shingleDoc(row) }));
  const known = new Set<string>();
  for (const { d } of docs)
    for (const s of query.set) if (d.doc.has(s) || d.body.has(s)) known.add(s);
  return docs
    .map(({ row, d }) => ({
      id: row.id,
      title: row.title,
      verdict: row.verdict,
      score: matchScore(query, d, known),
      hit: toHitRow(row),
    }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score);
}

export { rankByShingles } from "./retrieve.ts";

import { type SameRumourFeatures, sameRumourConfidence, sameRumourFeatures } from "./confidence.ts";
import type { CandidateRow } from "./db/candidates.ts";
import type { RebuttalHitRow } from "./db/library-public.ts";
import { deriveSearch } from "./derive.ts";
import { ProjectedSet } from "./projected-set.ts";
import type { QueryTerms } from "./query-terms.ts";
import { prepareQuery, type ShingleDoc, scoreParts } from "./score.ts";

export interface RankedRebuttal {
  id: string;
  title: string;
  verdict: string | null;
  /** How well it matches the query (orders the candidates), 0..1. */
  score: number;
  /** That it answers the same rumour, 0..1 (`isSameRumour`); only the best candidate has one, others 0. */
  confidence: number;
  /** What the confidence was worked out from (the best candidate only). */
  features?: SameRumourFeatures;
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
 * all candidates, as the scorer expects. The best one gets its same-rumour `confidence`.
 * @example const ranked = rankCandidates(queryTerms(text), rows);
 */
export function rankCandidates(query: QueryTerms, rows: CandidateRow[]): RankedRebuttal[] {
  const docs = rows.map((row) => ({ row, d: shingleDoc(row) }));
  const known = new Set<string>();
  const holders = new Map<string, number>();
  for (const { d } of docs)
    for (const s of query.set) {
      if (d.doc.has(s)) {
        holders.set(s, (holders.get(s) ?? 0) + 1);
        known.add(s);
      } else if (d.body.has(s)) known.add(s);
    }
  // The query's side of the score is worked out once, and each candidate scored once: the
  // best one's parts are the ones its ranking score came from.
  const prepared = prepareQuery(query, known);
  const ranked = docs
    .map(({ row, d }) => {
      const parts = scoreParts(query, d, known, prepared);
      return { row, d, parts, score: parts.score };
    })
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score)
    .map(({ row, d, parts, score }) => ({
      id: row.id,
      title: row.title,
      verdict: row.verdict,
      score,
      confidence: 0,
      hit: toHitRow(row),
      d,
      parts,
    }));
  const best = ranked[0];
  if (best) {
    const features = sameRumourFeatures({
      query,
      parts: best.parts,
      second: ranked[1]?.score ?? 0,
      claim: best.hit.claim ?? best.title,
      claimSize: best.d.claim.size,
      rare: rareShare(holders, best.d.doc),
      doc: best.d,
    });
    Object.assign(best, { features, confidence: sameRumourConfidence(features) });
  }
  return ranked.map(({ d: _, parts: __, ...r }) => r);
}

/** Share of the query's evidence `doc` holds, each bigram weighing 1 / the candidates holding it. */
function rareShare(holders: Map<string, number>, doc: ReadonlySet<string>): number {
  let held = 0;
  let total = 0;
  for (const [s, n] of holders) {
    total += 1 / n;
    if (doc.has(s)) held += 1 / n;
  }
  return total === 0 ? 0 : held / total;
}

export { rankByShingles } from "./retrieve.ts";

import { containment, dice } from "../text/normalize.ts";

/** A candidate's shingle sets, as the Postgres candidate source keeps them. */
export interface ShingleDoc {
  claim: ReadonlySet<string>;
  doc: ReadonlySet<string>;
  body: ReadonlySet<string>;
}

/**
 * Share of the query's weight found in `doc`. Query shingles no candidate contains at all
 * (the seams between words, 说用 in 听说用盐水) count only `unknownWeight`.
 */
function weightedCover(
  query: ReadonlySet<string>,
  doc: ReadonlySet<string>,
  known: ReadonlySet<string>,
  unknownWeight: number,
): number {
  let shared = 0;
  let total = 0;
  for (const s of query) {
    if (doc.has(s)) shared++;
    total += known.has(s) ? 1 : unknownWeight;
  }
  return total === 0 ? 0 : shared / total;
}

/**
 * How well a query's shingles match a rebuttal, 0..1, comparable to fixed thresholds.
 * Short questions are judged by how much of them the claim, title and summary cover; pasted
 * messages by how much of the claim they contain; both by plain overlap (dice) with the claim.
 * `known` is the union of the candidates' shingles. Calibrated in bench/relevance.ts.
 */
export function matchScore(
  query: ReadonlySet<string>,
  d: ShingleDoc,
  known: ReadonlySet<string>,
): number {
  if (query.size === 0) return 0;
  const overlap = dice(query, d.claim);
  const covered = weightedCover(query, d.doc, known, 0.3);
  const inBody = weightedCover(query, d.body, known, 0.3);
  // A long query containing most of the claim's words is a pasted forward of that rumour.
  const pasted = query.size > d.claim.size * 2 ? containment(d.claim, query) * 0.95 : 0;
  // One or two shared words are weak evidence however well they "cover" a tiny query.
  const asked = covered * Math.min(1, 0.4 + query.size / 10) * 0.95;
  return Math.min(1, Math.max(overlap, asked, pasted, inBody * 0.6));
}

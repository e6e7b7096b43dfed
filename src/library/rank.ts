import { type SameRumourFeatures, sameRumourConfidence, sameRumourFeatures } from "./confidence.ts";
import { type CandidateRow, hitRow, unpackGrams } from "./db/candidates.ts";
import { deriveSearch } from "./derive.ts";
import {
  BODY,
  DOC,
  HashMarks,
  heldSets,
  type Projection,
  projectDoc,
  queryGrams,
} from "./projected-set.ts";
import type { QueryTerms } from "./query-terms.ts";
import { prepareQuery, scoreParts } from "./score.ts";

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
}

/** A candidate seen through the query: from its projected hashes, or derived from its text when pending. */
function projection(marks: HashMarks, row: CandidateRow): Projection {
  const g = marks.g;
  if (row.grams !== null) {
    const p = marks.start();
    const sizes = unpackGrams(row.grams, marks);
    p.claimN = sizes.claimN;
    p.docN = sizes.docN;
    p.bodyN = sizes.bodyN;
    return p;
  }
  const d = deriveSearch({ ...hitRow(row), bodyMd: row.bodyMd ?? "", tags: row.tags ?? [] });
  return projectDoc(g, {
    claim: new Set(d.claimShingles),
    doc: new Set(d.docShingles),
    body: new Set(d.bodyShingles),
  });
}

/**
 * A ranked candidate whose same-rumour features (the best candidate's) are worked out when first
 * read: a search that adds Meilisearch's finds ranks twice and reads the second ranking's only.
 * (What a hit shows is read from its row, `hitRow`: a matching's rows come without it.)
 */
class Ranked implements RankedRebuttal {
  readonly id: string;
  readonly title: string;
  readonly verdict: string | null;
  #explain: (() => SameRumourFeatures) | undefined;
  #features: SameRumourFeatures | undefined;
  #confidence = 0;
  constructor(
    row: CandidateRow,
    readonly score: number,
  ) {
    this.id = row.id;
    this.title = row.title;
    this.verdict = row.verdict;
  }
  get features(): SameRumourFeatures | undefined {
    if (this.#explain) {
      this.#features = this.#explain();
      this.#explain = undefined;
      this.#confidence = sameRumourConfidence(this.#features);
    }
    return this.#features;
  }
  get confidence(): number {
    return this.features ? this.#confidence : 0;
  }
  /** Makes this the best candidate, its features worked out by `explain` when first read. */
  explainedBy(explain: () => SameRumourFeatures): void {
    this.#explain = explain;
  }
}

/**
 * Candidates scored by `matchScore` (0..1) against the query's shingles, best first; those
 * scoring 0 are dropped. `known` (the query shingles any candidate contains) is taken over
 * all candidates, as the scorer expects. The best one gets its same-rumour `confidence`.
 * @example const ranked = rankCandidates(queryTerms(text), rows);
 */
export function rankCandidates(query: QueryTerms, rows: CandidateRow[]): RankedRebuttal[] {
  return rankProjected(query, projectCandidates(query, rows));
}

/** Candidates seen through the query, to be ranked (`rankProjected`) once or more. */
export interface ProjectedCandidate {
  row: CandidateRow;
  p: Projection;
}

/**
 * Each candidate projected on the query's grams: a search that adds Meilisearch's finds
 * re-ranks the rows it already projected with the new ones, not all of them again.
 * @example const docs = projectCandidates(query, rows);
 */
export function projectCandidates(query: QueryTerms, rows: CandidateRow[]): ProjectedCandidate[] {
  const marks = new HashMarks(queryGrams(query));
  return rows.map((row) => ({ row, p: projection(marks, row) }));
}

/**
 * `rankCandidates` of candidates already projected (`projectCandidates`).
 * @example const ranked = rankProjected(query, [...docs, ...projectCandidates(query, more)]);
 */
export function rankProjected(query: QueryTerms, docs: ProjectedCandidate[]): RankedRebuttal[] {
  const g = queryGrams(query);
  const known = new Uint8Array(g.grams.length);
  // How many candidates' claim/title/summary hold each shingle, in the order first met.
  const holders = new Uint32Array(g.shingles);
  const order: number[] = [];
  for (const { p } of docs)
    for (let i = 0; i < g.shingles; i++) {
      if (p.held[i]! & DOC) {
        if (holders[i] === 0) order.push(i);
        holders[i]! += 1;
        known[i] = 1;
      } else if (p.held[i]! & BODY) known[i] = 1;
    }
  // The query's side of the score is worked out once, and each candidate scored once: the
  // best one's parts are the ones its ranking score came from.
  const prepared = prepareQuery(query, known);
  const scored = docs
    .map(({ row, p }) => {
      const parts = scoreParts(prepared, p);
      return { row, p, parts, score: parts.score };
    })
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || byId(a.row.id, b.row.id));
  const ranked = scored.map(({ row, score }) => new Ranked(row, score));
  const [best] = scored;
  if (best) {
    ranked[0]!.explainedBy(() =>
      sameRumourFeatures({
        query,
        parts: best.parts,
        second: scored[1]?.score ?? 0,
        claim: best.row.claim ?? best.row.title,
        claimSize: best.p.claimN,
        rare: rareShare(holders, order, best.p),
        doc: heldSets(g, best.p),
      }),
    );
  }
  return ranked;
}

/** Equal scores in id order, so ties rank the same on every run and after every import. */
export const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Share of the query's evidence `p` holds, each bigram weighing 1 / the candidates holding it. */
function rareShare(holders: Uint32Array, order: number[], p: Projection): number {
  let held = 0;
  let total = 0;
  for (const i of order) {
    total += 1 / holders[i]!;
    if (p.held[i]! & DOC) held += 1 / holders[i]!;
  }
  return total === 0 ? 0 : held / total;
}

export { rankByShingles } from "./retrieve.ts";

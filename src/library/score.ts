import {
  BODY,
  CLAIM,
  DOC,
  type Projection,
  projectDoc,
  type QueryGrams,
  queryGrams,
  type ShingleDoc,
} from "./projected-set.ts";
import type { QueryTerms } from "./query-terms.ts";

export type { ShingleDoc } from "./projected-set.ts";

/** A same-sounding bigram (a typo of pinyin input, 板兰 for 板蓝) counts this much of a match. */
const HOMOPHONE = 0.8;
/** How much of a short question's score survives when none of its content words is found. */
const KEYWORD_FLOOR = 0.25;
/** Claims longer than this (in bigrams) are whole forwards that mention many things. */
const LONG_CLAIM = 80;

/**
 * What scoring needs of a query that does not depend on the candidate, worked out once per
 * ranking: its numbered grams, the shingles' weights under `known` and the totals the shares
 * are divided by.
 */
export interface PreparedQuery {
  grams: QueryGrams;
  /** Per shingle (gram index < `grams.shingles`): 1 when some candidate holds it, else 0.3. */
  weights: Float64Array;
  /** Sum of `weights`, added in gram order. */
  coverTotal: number;
  keywords: PreparedKeyword[];
  keywordTotal: number;
  heaviest: number;
}

interface PreparedKeyword {
  weight: number;
  /** The weight counted in the share: a word no candidate mentions counts 0.3 of it. */
  counted: number;
  /** Its grams' indices in `grams`. */
  grams: number[];
}

/**
 * `query` made ready for `scoreParts` over many candidates; `known` marks (by gram index) the
 * query shingles some candidate's claim/title/summary or body holds.
 * @example const prepared = prepareQuery(query, known); projections.map((p) => scoreParts(prepared, p));
 */
export function prepareQuery(query: QueryTerms, known: Uint8Array): PreparedQuery {
  const grams = queryGrams(query);
  const weights = new Float64Array(grams.shingles);
  let coverTotal = 0;
  for (let i = 0; i < grams.shingles; i++) {
    weights[i] = known[i] ? 1 : 0.3;
    coverTotal += weights[i]!;
  }
  let keywordTotal = 0;
  let heaviest = 0;
  const keywords = query.keywords.map((k) => {
    const idx = k.grams.map((g) => grams.index.get(g)!);
    // A word no candidate mentions (家里, 天天) is more likely chatter than the claim's subject.
    const counted = idx.every((i) => known[i]) ? k.weight : k.weight * 0.3;
    keywordTotal += counted;
    heaviest = Math.max(heaviest, k.weight);
    return { weight: k.weight, counted, grams: idx };
  });
  return { grams, weights, coverTotal, keywords, keywordTotal, heaviest };
}

/** 1 when the candidate's set `bit` holds gram `i`, HOMOPHONE when it holds one of its sound, else 0. */
function found(q: PreparedQuery, p: Projection, bit: number, i: number): number {
  if (p.held[i]! & bit) return 1;
  const c = q.grams.soundClass[i]!;
  return c >= 0 && p.heard[c]! & bit ? HOMOPHONE : 0;
}

/**
 * Share of the query's weight found in set `bit`. Query shingles no candidate contains at all
 * (the seams between words, 说用 in 听说用盐水) count only 0.3.
 */
function weightedCover(q: PreparedQuery, p: Projection, bit: number): number {
  let shared = 0;
  for (let i = 0; i < q.grams.shingles; i++) shared += found(q, p, bit, i) * q.weights[i]!;
  return q.coverTotal === 0 ? 0 : shared / q.coverTotal;
}

/**
 * Weighted share of a question's content words the rebuttal's claim, title and summary hold;
 * the weight of the heaviest word they lack, and of the heaviest word the body lacks too, as
 * shares of the heaviest word's (1: the main subject, 大蒜 or 美白, is missing).
 */
function keywordAgreement(
  q: PreparedQuery,
  p: Projection,
): { agree: number; missing: number; unexplained: number } {
  let shared = 0;
  let missing = 0;
  let unexplained = 0;
  for (const k of q.keywords) {
    let hit = 0;
    let inBody = 0;
    for (const i of k.grams) {
      hit += found(q, p, DOC, i);
      inBody += found(q, p, BODY, i);
    }
    shared += (k.counted * hit) / k.grams.length;
    if (hit / k.grams.length < 0.5) {
      missing = Math.max(missing, k.weight);
      if (inBody / k.grams.length < 0.5) unexplained = Math.max(unexplained, k.weight);
    }
  }
  if (q.keywordTotal === 0) return { agree: 1, missing: 0, unexplained: 0 };
  return {
    agree: shared / q.keywordTotal,
    missing: missing / q.heaviest,
    unexplained: unexplained / q.heaviest,
  };
}

/** Dice overlap of the query's shingles and the claim's. */
function dice(q: PreparedQuery, p: Projection): number {
  const n = q.grams.shingles;
  if (n === 0 || p.claimN === 0) return 0;
  let shared = 0;
  for (let i = 0; i < n; i++) shared += found(q, p, CLAIM, i);
  return (2 * shared) / (n + p.claimN);
}

/** Share of the claim's shingles the query holds. */
function claimContained(q: PreparedQuery, p: Projection): number {
  if (p.claimN === 0) return 0;
  let shared = 0;
  for (let i = 0; i < q.grams.shingles; i++) if (p.held[i]! & CLAIM) shared++;
  return shared / p.claimN;
}

/** What `matchScore` found, for the same-rumour confidence (src/library/confidence.ts). */
export interface ScoreParts {
  score: number;
  /** Weighted share of the question's content words the rebuttal holds (1 for pasted messages). */
  agree: number;
  /** Weight of the heaviest content word the claim, title and summary lack, over the heaviest word's (0..1). */
  missing: number;
  /** The same for words the body lacks too: the question is about something the rebuttal never mentions. */
  unexplained: number;
  /** Share of the claim's bigrams the query holds. */
  claimInQuery: number;
}

/**
 * How well a rebuttal matches a query, 0..1: the ranking score. Short questions are judged by
 * how much of them the claim, title and summary cover — and by whether their content words are
 * there (吃大蒜 is not 喝白酒, however much else is shared); pasted messages by how much of the
 * claim they contain; both by plain overlap (dice) with the claim. Same-sounding typos count as
 * most of a match. `known` is the union of the candidates' shingles that the query holds.
 * Whether the best one is the same rumour is `sameRumourConfidence`'s call, not this score's.
 * @example matchScore(queryTerms("板兰根能防新冠吗"), candidate, known) // ≈ 0.8
 */
export function matchScore(query: QueryTerms, d: ShingleDoc, known: ReadonlySet<string>): number {
  const g = queryGrams(query);
  const flags = Uint8Array.from(g.grams, (s) => (known.has(s) ? 1 : 0));
  return scoreParts(prepareQuery(query, flags), projectDoc(g, d)).score;
}

/**
 * `matchScore` of a candidate seen through the query (`projectHashes`, `projectDoc`), with the
 * parts the same-rumour confidence also looks at.
 */
export function scoreParts(q: PreparedQuery, p: Projection): ScoreParts {
  const size = q.grams.shingles;
  if (size === 0) return { score: 0, agree: 0, missing: 1, unexplained: 1, claimInQuery: 0 };
  const overlap = dice(q, p);
  const covered = weightedCover(q, p, DOC);
  const inBody = weightedCover(q, p, BODY);
  const claimInQuery = claimContained(q, p);
  // A long query containing most of the claim's words is a pasted forward of that rumour.
  const inQuery = size > p.claimN * 2 ? claimInQuery : 0;
  const pasted = inQuery * 0.95;
  // One or two shared words are weak evidence however well they "cover" a tiny query.
  // A short question covered by a long forward may be about a side remark of it: weaker evidence.
  const specific = Math.max(0.6, Math.min(1, Math.sqrt(LONG_CLAIM / Math.max(1, p.claimN))));
  const asked = covered * Math.min(1, 0.4 + size / 10) * 0.95 * specific;
  const short = Math.max(overlap, asked, inBody * 0.6, pasted);
  // Nearly the whole claim inside the message: its other words are the forward's chatter.
  if (inQuery >= 0.8 && pasted >= short) {
    return { score: Math.min(1, pasted), agree: 1, missing: 0, unexplained: 0, claimInQuery };
  }
  const { agree, missing, unexplained } = keywordAgreement(q, p);
  const score = Math.min(1, short * (KEYWORD_FLOOR + (1 - KEYWORD_FLOOR) * agree));
  return { score, agree, missing, unexplained, claimInQuery };
}

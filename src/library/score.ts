import { soundOf } from "../text/pinyin.ts";
import type { QueryKeyword, QueryTerms } from "./query-terms.ts";

/** A candidate's shingle sets, as the Postgres candidate source keeps them. */
export interface ShingleDoc {
  claim: ReadonlySet<string>;
  doc: ReadonlySet<string>;
  body: ReadonlySet<string>;
}

/** A same-sounding bigram (a typo of pinyin input, 板兰 for 板蓝) counts this much of a match. */
const HOMOPHONE = 0.8;
/** How much of a short question's score survives when none of its content words is found. */
const KEYWORD_FLOOR = 0.25;
/** Claims longer than this (in bigrams) are whole forwards that mention many things. */
const LONG_CLAIM = 80;

/** A shingle set with the sounds of its members, worked out once per candidate and set. */
interface Heard {
  grams: ReadonlySet<string>;
  sounds: ReadonlySet<string>;
}

function heard(grams: ReadonlySet<string>): Heard {
  const sounds = new Set<string>();
  for (const g of grams) {
    const p = soundOf(g);
    if (p) sounds.add(p);
  }
  return { grams, sounds };
}

/** 1 when `doc` holds the shingle, HOMOPHONE when it holds one that sounds the same, else 0. */
function found(s: string, doc: Heard): number {
  if (doc.grams.has(s)) return 1;
  if (doc.sounds.size === 0) return 0;
  const p = soundOf(s);
  return p && doc.sounds.has(p) ? HOMOPHONE : 0;
}

/**
 * Share of the query's weight found in `doc`. Query shingles no candidate contains at all
 * (the seams between words, 说用 in 听说用盐水) count only `unknownWeight`.
 */
function weightedCover(
  query: ReadonlySet<string>,
  doc: Heard,
  known: ReadonlySet<string>,
  unknownWeight: number,
): number {
  let shared = 0;
  let total = 0;
  for (const s of query) {
    const weight = known.has(s) ? 1 : unknownWeight;
    shared += found(s, doc) * weight;
    total += weight;
  }
  return total === 0 ? 0 : shared / total;
}

/**
 * Weighted share of a question's content words the rebuttal's claim, title and summary hold;
 * the weight of the heaviest word they lack, and of the heaviest word the body lacks too, as
 * shares of the heaviest word's (1: the main subject, 大蒜 or 美白, is missing).
 */
function keywordAgreement(
  words: QueryKeyword[],
  doc: Heard,
  body: Heard,
  known: ReadonlySet<string>,
): { agree: number; missing: number; unexplained: number } {
  let shared = 0;
  let total = 0;
  let heaviest = 0;
  let missing = 0;
  let unexplained = 0;
  for (const k of words) {
    let hit = 0;
    let inBody = 0;
    for (const g of k.grams) {
      hit += found(g, doc);
      inBody += found(g, body);
    }
    // A word no candidate mentions (家里, 天天) is more likely chatter than the claim's subject.
    const weight = k.grams.every((g) => known.has(g)) ? k.weight : k.weight * 0.3;
    shared += (weight * hit) / k.grams.length;
    total += weight;
    heaviest = Math.max(heaviest, k.weight);
    if (hit / k.grams.length < 0.5) {
      missing = Math.max(missing, k.weight);
      if (inBody / k.grams.length < 0.5) unexplained = Math.max(unexplained, k.weight);
    }
  }
  if (total === 0) return { agree: 1, missing: 0, unexplained: 0 };
  return {
    agree: shared / total,
    missing: missing / heaviest,
    unexplained: unexplained / heaviest,
  };
}

function dice(a: ReadonlySet<string>, b: Heard): number {
  if (a.size === 0 || b.grams.size === 0) return 0;
  let shared = 0;
  for (const s of a) shared += found(s, b);
  return (2 * shared) / (a.size + b.grams.size);
}

function containment(part: ReadonlySet<string>, whole: ReadonlySet<string>): number {
  if (part.size === 0) return 0;
  let shared = 0;
  for (const s of part) if (whole.has(s)) shared++;
  return shared / part.size;
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
  return scoreParts(query, d, known).score;
}

/** `matchScore` with the parts the same-rumour confidence also looks at. */
export function scoreParts(
  query: QueryTerms,
  d: ShingleDoc,
  known: ReadonlySet<string>,
): ScoreParts {
  const q = query.set;
  if (q.size === 0) return { score: 0, agree: 0, missing: 1, unexplained: 1, claimInQuery: 0 };
  const docHeard = heard(d.doc);
  const overlap = dice(q, heard(d.claim));
  const covered = weightedCover(q, docHeard, known, 0.3);
  const bodyHeard = heard(d.body);
  const inBody = weightedCover(q, bodyHeard, known, 0.3);
  const claimInQuery = containment(d.claim, q);
  // A long query containing most of the claim's words is a pasted forward of that rumour.
  const inQuery = q.size > d.claim.size * 2 ? claimInQuery : 0;
  const pasted = inQuery * 0.95;
  // One or two shared words are weak evidence however well they "cover" a tiny query.
  // A short question covered by a long forward may be about a side remark of it: weaker evidence.
  const specific = Math.max(0.6, Math.min(1, Math.sqrt(LONG_CLAIM / Math.max(1, d.claim.size))));
  const asked = covered * Math.min(1, 0.4 + q.size / 10) * 0.95 * specific;
  const short = Math.max(overlap, asked, inBody * 0.6, pasted);
  // Nearly the whole claim inside the message: its other words are the forward's chatter.
  if (inQuery >= 0.8 && pasted >= short) {
    return { score: Math.min(1, pasted), agree: 1, missing: 0, unexplained: 0, claimInQuery };
  }
  const { agree, missing, unexplained } = keywordAgreement(
    query.keywords,
    docHeard,
    bodyHeard,
    known,
  );
  const score = Math.min(1, short * (KEYWORD_FLOOR + (1 - KEYWORD_FLOOR) * agree));
  return { score, agree, missing, unexplained, claimInQuery };
}

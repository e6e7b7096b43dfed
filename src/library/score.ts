import { soundOf } from "../text/pinyin.ts";
import type { QueryTerms } from "./query-terms.ts";

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

/**
 * What scoring needs of a query that does not depend on the candidate, worked out once per
 * ranking instead of once per candidate: each query shingle's and keyword gram's sound, the
 * shingles' weights under `known`, and the totals the shares are divided by.
 */
export interface PreparedQuery {
  query: QueryTerms;
  known: ReadonlySet<string>;
  /** `query.set` in its order, with each shingle's sound and weight (1 when known, else 0.3). */
  shingles: string[];
  sounds: string[];
  weights: number[];
  /** Sum of `weights`, in the same order `weightedCover` used to add them. */
  coverTotal: number;
  keywords: PreparedKeyword[];
  keywordTotal: number;
  heaviest: number;
  /** Sound of every query-side gram (shingles and keyword grams). */
  soundByGram: ReadonlyMap<string, string>;
  /** Those sounds, less "": only these can make a homophone match. */
  heardSounds: ReadonlySet<string>;
}

interface PreparedKeyword {
  weight: number;
  /** The weight counted in the share: a word no candidate mentions counts 0.3 of it. */
  counted: number;
  grams: string[];
  sounds: string[];
}

/** Sounds of a query's grams: a query object is immutable and reused, so they are kept with it. */
const querySounds = new WeakMap<
  QueryTerms,
  { soundByGram: Map<string, string>; heardSounds: Set<string> }
>();

function soundsOf(query: QueryTerms) {
  let kept = querySounds.get(query);
  if (!kept) {
    const soundByGram = new Map<string, string>();
    for (const s of query.set) soundByGram.set(s, soundOf(s));
    for (const k of query.keywords)
      for (const g of k.grams) if (!soundByGram.has(g)) soundByGram.set(g, soundOf(g));
    const heardSounds = new Set([...soundByGram.values()].filter((p) => p !== ""));
    kept = { soundByGram, heardSounds };
    querySounds.set(query, kept);
  }
  return kept;
}

/**
 * `query` and `known` made ready for `scoreParts` over many candidates.
 * @example const prepared = prepareQuery(query, known); rows.map((d) => scoreParts(query, d, known, prepared));
 */
export function prepareQuery(query: QueryTerms, known: ReadonlySet<string>): PreparedQuery {
  const { soundByGram, heardSounds } = soundsOf(query);
  const shingles = [...query.set];
  const sounds = shingles.map((s) => soundByGram.get(s)!);
  const weights = shingles.map((s) => (known.has(s) ? 1 : 0.3));
  let coverTotal = 0;
  for (const w of weights) coverTotal += w;
  let keywordTotal = 0;
  let heaviest = 0;
  const keywords = query.keywords.map((k) => {
    // A word no candidate mentions (家里, 天天) is more likely chatter than the claim's subject.
    const counted = k.grams.every((g) => known.has(g)) ? k.weight : k.weight * 0.3;
    keywordTotal += counted;
    heaviest = Math.max(heaviest, k.weight);
    return {
      weight: k.weight,
      counted,
      grams: k.grams,
      sounds: k.grams.map((g) => soundByGram.get(g)!),
    };
  });
  return {
    query,
    known,
    shingles,
    sounds,
    weights,
    coverTotal,
    keywords,
    keywordTotal,
    heaviest,
    soundByGram,
    heardSounds,
  };
}

/**
 * A candidate's shingle set heard through the query: the sounds of its members are worked out
 * only when a query gram is missing from it and has a sound, and only those a query gram has are kept.
 */
class Heard {
  private sounds: Set<string> | undefined;

  constructor(
    readonly grams: ReadonlySet<string>,
    private readonly prepared: PreparedQuery,
  ) {}

  /** 1 when the set holds shingle `s` (whose sound is `p`), HOMOPHONE when it holds one that sounds the same, else 0. */
  found(s: string, p: string): number {
    if (this.grams.has(s)) return 1;
    if (!p) return 0;
    this.sounds ??= this.hear();
    return this.sounds.has(p) ? HOMOPHONE : 0;
  }

  private hear(): Set<string> {
    const { soundByGram, heardSounds } = this.prepared;
    const sounds = new Set<string>();
    for (const g of this.grams) {
      // A sound no query gram has is never asked for: it is left out.
      const p = soundByGram.get(g) ?? soundOf(g);
      if (heardSounds.has(p)) sounds.add(p);
    }
    return sounds;
  }
}

/**
 * Share of the query's weight found in `doc`. Query shingles no candidate contains at all
 * (the seams between words, 说用 in 听说用盐水) count only 0.3.
 */
function weightedCover(q: PreparedQuery, doc: Heard): number {
  let shared = 0;
  const { shingles, sounds, weights } = q;
  for (let i = 0; i < shingles.length; i++) {
    shared += doc.found(shingles[i]!, sounds[i]!) * weights[i]!;
  }
  return q.coverTotal === 0 ? 0 : shared / q.coverTotal;
}

/**
 * Weighted share of a question's content words the rebuttal's claim, title and summary hold;
 * the weight of the heaviest word they lack, and of the heaviest word the body lacks too, as
 * shares of the heaviest word's (1: the main subject, 大蒜 or 美白, is missing).
 */
function keywordAgreement(
  q: PreparedQuery,
  doc: Heard,
  body: Heard,
): { agree: number; missing: number; unexplained: number } {
  let shared = 0;
  let missing = 0;
  let unexplained = 0;
  for (const k of q.keywords) {
    let hit = 0;
    let inBody = 0;
    for (let i = 0; i < k.grams.length; i++) {
      hit += doc.found(k.grams[i]!, k.sounds[i]!);
      inBody += body.found(k.grams[i]!, k.sounds[i]!);
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

function dice(q: PreparedQuery, b: Heard): number {
  if (q.shingles.length === 0 || b.grams.size === 0) return 0;
  let shared = 0;
  const { shingles, sounds } = q;
  for (let i = 0; i < shingles.length; i++) shared += b.found(shingles[i]!, sounds[i]!);
  return (2 * shared) / (shingles.length + b.grams.size);
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

/**
 * `matchScore` with the parts the same-rumour confidence also looks at. Ranking many candidates
 * passes `prepared` (`prepareQuery(query, known)`) so the query's side is worked out once.
 */
export function scoreParts(
  query: QueryTerms,
  d: ShingleDoc,
  known: ReadonlySet<string>,
  prepared: PreparedQuery = prepareQuery(query, known),
): ScoreParts {
  const q = query.set;
  if (q.size === 0) return { score: 0, agree: 0, missing: 1, unexplained: 1, claimInQuery: 0 };
  const docHeard = new Heard(d.doc, prepared);
  const overlap = dice(prepared, new Heard(d.claim, prepared));
  const covered = weightedCover(prepared, docHeard);
  const bodyHeard = new Heard(d.body, prepared);
  const inBody = weightedCover(prepared, bodyHeard);
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
  const { agree, missing, unexplained } = keywordAgreement(prepared, docHeard, bodyHeard);
  const score = Math.min(1, short * (KEYWORD_FLOOR + (1 - KEYWORD_FLOOR) * agree));
  return { score, agree, missing, unexplained, claimInQuery };
}

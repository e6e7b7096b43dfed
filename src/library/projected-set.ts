import { soundOf } from "../text/pinyin.ts";
import type { QueryTerms } from "./query-terms.ts";
import { shingleHash } from "./shingle-hash.ts";

/** Bits of `Projection.held` and `Projection.heard`: which of a candidate's shingle sets. */
export const CLAIM = 1;
export const DOC = 2;
export const BODY = 4;

/** A candidate's shingle sets (claim, claim/title/summary/tags, body), as derived from its text. */
export interface ShingleDoc {
  claim: ReadonlySet<string>;
  doc: ReadonlySet<string>;
  body: ReadonlySet<string>;
}

/**
 * Every gram the scorer asks a candidate about, numbered: the query's shingles (`query.set`,
 * in its order: index < `shingles`), then its content words' grams not among them. Each gram's
 * sound class (grams of one toneless pinyin share one, -1 without a sound) and the grams by
 * their hash (migration 0150: a hash two grams share stands for both).
 */
export interface QueryGrams {
  grams: string[];
  /** How many of `grams` are the query's shingles. */
  shingles: number;
  index: ReadonlyMap<string, number>;
  soundClass: Int32Array;
  classBySound: ReadonlyMap<string, number>;
  /** The grams' distinct hashes, sorted: what Postgres projects the candidates on. */
  hashes: number[];
  byHash: ReadonlyMap<number, number[]>;
}

/** A query object is immutable and reused (`normalizedQueryTerms` caches it): so are its grams. */
const gramsOfQuery = new WeakMap<QueryTerms, QueryGrams>();

/**
 * The numbered grams of a query, worked out once per query object.
 * @example const g = queryGrams(queryTerms("板兰根能防新冠吗")); g.grams[g.index.get("新冠")!] === "新冠"
 */
export function queryGrams(query: QueryTerms): QueryGrams {
  let kept = gramsOfQuery.get(query);
  if (kept) return kept;
  const grams = [...new Set([...query.set, ...query.keywords.flatMap((k) => k.grams)])];
  const index = new Map(grams.map((g, i) => [g, i]));
  const classBySound = new Map<string, number>();
  const soundClass = new Int32Array(grams.length);
  const byHash = new Map<number, number[]>();
  grams.forEach((g, i) => {
    const sound = soundOf(g);
    if (sound && !classBySound.has(sound)) classBySound.set(sound, classBySound.size);
    soundClass[i] = sound ? classBySound.get(sound)! : -1;
    const h = shingleHash(g);
    const list = byHash.get(h);
    if (list) list.push(i);
    else byHash.set(h, [i]);
  });
  const hashes = [...byHash.keys()].sort((a, b) => a - b);
  kept = { grams, shingles: query.set.size, index, soundClass, classBySound, hashes, byHash };
  gramsOfQuery.set(query, kept);
  return kept;
}

/**
 * A candidate seen through a query: which of its sets hold each query gram (`held`, by gram
 * index), which hold a gram sounding like each of the query's sound classes (`heard`), and the
 * full sets' sizes. All the scorer asks of a candidate (has, shared counts, sizes), so scoring
 * works on small typed arrays instead of strings and Sets.
 */
export interface Projection {
  held: Uint8Array;
  heard: Uint8Array;
  claimN: number;
  docN: number;
  bodyN: number;
}

/**
 * A candidate as Postgres projects it (migration 0150): the hashes its sets share with
 * `g.hashes`, and their full sizes. Only grams the query has can be heard: a missing query gram
 * counts as a homophone when another query gram of its sound is there.
 * @example projectHashes(g, [shingleHash("盐水")], [], [], { claimN: 12, docN: 30, bodyN: 200 })
 */
export function projectHashes(
  g: QueryGrams,
  claim: readonly number[] | null,
  doc: readonly number[] | null,
  body: readonly number[] | null,
  sizes: { claimN: number; docN: number; bodyN: number },
): Projection {
  const marks = new HashMarks(g);
  const p = marks.start();
  [claim, doc, body].forEach((hashes, set) => {
    for (const h of hashes ?? []) marks.hash(set, h);
  });
  return Object.assign(p, { claimN: sizes.claimN, docN: sizes.docN, bodyN: sizes.bodyN });
}

/** `HashMarks.hash`'s sets, in the order of the candidate statement's `grams`: claim, doc, body. */
const SET_BITS = [CLAIM, DOC, BODY] as const;

/**
 * Builds candidates' projections from their shared hashes as they are read, one hash at a time
 * (`unpackGrams`' sink): a pasted message shares hundreds of hashes with each of ≈ 100
 * candidates, and arrays of them were the most a search allocated (ADR 0285).
 * @example const marks = new HashMarks(g); const p = marks.start(); marks.hash(0, shingleHash("盐水"));
 */
export class HashMarks {
  #p: Projection | undefined;
  constructor(readonly g: QueryGrams) {}

  /** A fresh projection (sizes 0) that `hash` marks from now on. */
  start(): Projection {
    this.#p = {
      held: new Uint8Array(this.g.grams.length),
      heard: new Uint8Array(this.g.classBySound.size),
      claimN: 0,
      docN: 0,
      bodyN: 0,
    };
    return this.#p;
  }

  /** Marks the query grams of `hash` as held by set `set` (0 claim, 1 doc, 2 body), and their sounds heard. */
  hash(set: number, hash: number): void {
    const grams = this.g.byHash.get(hash);
    if (!grams) return;
    const p = this.#p!;
    const bit = SET_BITS[set]!;
    for (let j = 0; j < grams.length; j++) {
      const i = grams[j]!;
      p.held[i]! |= bit;
      const c = this.g.soundClass[i]!;
      if (c >= 0) p.heard[c]! |= bit;
    }
  }
}

/**
 * A candidate from its whole shingle sets (rows whose derivation is pending, and tests): every
 * gram of a set is heard, so a typo's homophone (板兰 for 板蓝) counts wherever it is.
 * @example projectDoc(queryGrams(queryTerms("板兰根")), { claim: new Set(["板蓝", "蓝根"]), doc, body })
 */
export function projectDoc(g: QueryGrams, d: ShingleDoc): Projection {
  const held = new Uint8Array(g.grams.length);
  const heard = new Uint8Array(g.classBySound.size);
  const mark = (set: ReadonlySet<string>, bit: number) => {
    g.grams.forEach((gram, i) => {
      if (set.has(gram)) held[i]! |= bit;
    });
    if (heard.length === 0) return;
    for (const gram of set) {
      const c = g.classBySound.get(soundOf(gram));
      if (c !== undefined) heard[c]! |= bit;
    }
  };
  mark(d.claim, CLAIM);
  mark(d.doc, DOC);
  mark(d.body, BODY);
  return { held, heard, claimN: d.claim.size, docN: d.doc.size, bodyN: d.body.size };
}

/** Whether a set of a candidate holds a gram: only the query's grams are known (others: no). */
export interface HeldGrams {
  has(gram: string): boolean;
}

/**
 * A candidate's claim/title/summary (`doc`) and body sets as seen through the query, for the
 * same-rumour confidence: they answer `has` for the query's grams.
 * @example heldSets(g, p).doc.has("大蒜")
 */
export function heldSets(g: QueryGrams, p: Projection): { doc: HeldGrams; body: HeldGrams } {
  const holds = (bit: number) => ({
    has: (gram: string) => {
      const i = g.index.get(gram);
      return i !== undefined && (p.held[i]! & bit) !== 0;
    },
  });
  return { doc: holds(DOC), body: holds(BODY) };
}

import { matchingSettings } from "../cases/settings.ts";
import { normalizeText } from "../text/normalize.ts";
import {
  CONFIDENCE_FEATURES,
  type ConfidenceModel,
  type SameRumourFeatures,
} from "./confidence-features.ts";
import { claimSubject, querySubject } from "./confidence-subject.ts";
import type { HeldGrams } from "./projected-set.ts";
import { computeQueryTerms, type QueryKeyword, type QueryTerms } from "./query-terms.ts";
import type { ScoreParts } from "./score.ts";
import { canonicalize } from "./synonyms.ts";

export { CONFIDENCE_FEATURES, type ConfidenceModel, type SameRumourFeatures };

/** Claims longer than this are whole forwards: their words are compared as bigrams, not words. */
const MAX_CLAIM_WORDS = 80;

/** Saying no (不能, 没有, 别) — after the yes-or-no forms 是不是, 能不能, 有没有 are taken out. */
function negated(text: string): boolean {
  return /[不没别勿未非无]/.test(text.replace(/(.)[不没]\1/g, "").replace(/不知道?|要不要/g, ""));
}

/**
 * Weighted share of the claim's content words found in the query (synonyms folded on both
 * sides), and the weight of the heaviest one missing over the heaviest one's; a forward's
 * (a claim over MAX_CLAIM_WORDS characters) words are those of its opening, and a forward
 * against a pasted message gives the share of its bigrams the message holds (and 0).
 */
function claimWords(
  query: QueryTerms,
  claim: ClaimView,
  claimInQuery: number,
): { cover: number; missing: number } {
  if (claim.normalized.length > MAX_CLAIM_WORDS && query.normalized.length > MAX_CLAIM_WORDS)
    return { cover: claimInQuery, missing: 0 };
  const words = claim.words();
  let shared = 0;
  let total = 0;
  let heaviest = 0;
  let missing = 0;
  for (const k of words) {
    const hit = k.grams.filter((g) => query.set.has(g)).length / k.grams.length;
    shared += k.weight * hit;
    total += k.weight;
    heaviest = Math.max(heaviest, k.weight);
    if (hit < 0.5) missing = Math.max(missing, k.weight);
  }
  return total === 0
    ? { cover: claimInQuery, missing: 0 }
    : { cover: shared / total, missing: missing / heaviest };
}

/** What the features read of a best candidate's claim, worked out once per claim. */
interface ClaimView {
  /** The claim folded by `normalizeText`. */
  normalized: string;
  /** `normalized` with synonyms folded (`canonicalize`). */
  canonical: string;
  negated: boolean;
  /** The content words of its opening (a forward says what it is about there), when needed. */
  words(): QueryKeyword[];
}

/** Claims already looked at: the same few hundred rebuttals come up again and again. */
const claims = new Map<string, ClaimView>();
const CLAIMS_KEPT = 1000;
/** Longer claims (a pasted forward kept as the claim) are looked at afresh: they hold memory. */
const CLAIM_CHARS = 500;

/**
 * A claim's `ClaimView`, kept for the last `CLAIMS_KEPT` claims of up to `CLAIM_CHARS`: folding it (OpenCC), its
 * synonyms and its words cost more than the rest of the features. Its words are kept here, not
 * in the query terms' cache, where the claims of the best candidates crowded out the queries.
 */
function claimView(claim: string): ClaimView {
  let view = claims.get(claim);
  if (!view) {
    const normalized = normalizeText(claim);
    let words: QueryKeyword[] | undefined;
    view = {
      normalized,
      canonical: canonicalize(normalized),
      negated: negated(normalized),
      words: () => {
        words ??= computeQueryTerms(normalized.slice(0, MAX_CLAIM_WORDS)).keywords;
        return words;
      },
    };
    if (claim.length > CLAIM_CHARS) return view;
    if (claims.size >= CLAIMS_KEPT) claims.delete(claims.keys().next().value!);
    claims.set(claim, view);
  }
  return view;
}

/** A forward's opening: where it says what it is about. */
const OPENING = 100;

/**
 * Weighted share of the question's content words the claim's opening (its first OPENING
 * characters, folded) holds: a repeat of a long forward asks about its headline, a question
 * that picks its words from all over the forward is likely another rumour. 1 for a pasted
 * message (it has no content words).
 */
function inOpening(query: QueryTerms, folded: string): number {
  if (query.keywords.length === 0) return 1;
  const opening = folded.slice(0, OPENING);
  let found = 0;
  let total = 0;
  for (const k of query.keywords) {
    total += k.weight;
    if (k.grams.filter((g) => opening.includes(g)).length * 2 >= k.grams.length) found += k.weight;
  }
  return found / total;
}

/** At least half of a word's bigrams are in the set. */
const holds = (set: HeldGrams, grams: string[]) =>
  grams.filter((g) => set.has(g)).length * 2 >= grams.length;

/**
 * Whether the question and the claim are about different things: the claim names the outbreak
 * and the question does not (offTopic); both say what a remedy does, differently (otherAction:
 * 治 against 预防); the share of the question's things the whole rebuttal never mentions
 * (strangeThings); the question names a place the rebuttal's claim, title and summary lack,
 * and the claim one the question lacks (otherPlace: 天津 against 上海).
 */
function subjectFeatures(
  query: QueryTerms,
  claim: string,
  doc: { doc: HeldGrams; body: HeldGrams },
) {
  const asked = querySubject(query);
  const claimed = claimSubject(claim);
  const short = query.normalized.length <= MAX_CLAIM_WORDS && claim.length <= MAX_CLAIM_WORDS;
  const strange = asked.things.filter((g) => !holds(doc.doc, g) && !holds(doc.body, g)).length;
  const otherAction =
    short &&
    asked.actions.size > 0 &&
    claimed.actions.size > 0 &&
    ![...asked.actions].some((a) => claimed.actions.has(a));
  const otherPlace =
    asked.places.some((g) => !holds(doc.doc, g)) &&
    claimed.places.some((g) => !holds(query.set, g));
  return {
    offTopic: claimed.outbreak && !asked.outbreak ? 1 : 0,
    otherAction: otherAction ? 1 : 0,
    strangeThings: asked.things.length === 0 ? 0 : strange / asked.things.length,
    otherPlace: otherPlace ? 1 : 0,
  };
}

/**
 * The features of a query and its best-scoring candidate. `second` is the next candidate's
 * score, `rare` the share of the query's distinctive bigrams (weighed by how few candidates hold
 * them) the best one holds, `claimSize` its claim's bigram count, `doc` its shingle sets.
 * @example sameRumourFeatures({ query, parts, second: 0.2, claim: "吃大蒜可以杀灭新冠病毒？", claimSize: 11, rare: 0.9, doc })
 */
export function sameRumourFeatures(input: {
  query: QueryTerms;
  parts: ScoreParts;
  second: number;
  claim: string;
  claimSize: number;
  rare: number;
  doc: { doc: HeldGrams; body: HeldGrams };
}): SameRumourFeatures {
  const { query, parts, claim, claimSize } = input;
  const size = query.set.size;
  const short = query.normalized.length <= MAX_CLAIM_WORDS;
  const view = claimView(claim);
  const fromClaim = claimWords(query, view, parts.claimInQuery);
  return {
    ...subjectFeatures(query, view.normalized, input.doc),
    inOpening: inOpening(query, view.canonical),
    score: parts.score,
    margin: parts.score - input.second,
    agree: parts.agree,
    missing: parts.missing,
    claimCover: fromClaim.cover,
    claimMissing: fromClaim.missing,
    rare: input.rare,
    lengthRatio: Math.max(-4, Math.min(4, Math.log2((size + 1) / (claimSize + 1)))),
    negation: short && negated(query.normalized) !== view.negated ? 1 : 0,
  };
}

/**
 * How likely it is that the candidate answers the same rumour as the query, 0..1.
 * @example sameRumourConfidence(features) >= matchingSettings().autoMatch // answer at once
 */
export function sameRumourConfidence(
  f: SameRumourFeatures,
  model: ConfidenceModel = matchingSettings().confidence,
): number {
  let z = model.intercept;
  for (const name of CONFIDENCE_FEATURES) z += (model.weights[name] ?? 0) * f[name];
  return 1 / (1 + Math.exp(-z));
}

/**
 * Whether a ranked candidate answers the same rumour: intake answers a report with it at once,
 * public search shows it as the answer (else 暂无权威解答). The one definition both use.
 * @example if (isSameRumour(best)) outcome = "matched";
 */
export function isSameRumour(
  candidate: { confidence: number; score: number } | undefined,
): boolean {
  const { autoMatch, confidence } = matchingSettings();
  return (
    candidate !== undefined &&
    candidate.confidence >= autoMatch &&
    candidate.score >= confidence.minScore
  );
}

import { matchingSettings } from "../cases/settings.ts";
import { shingles } from "../text/normalize.ts";
import { tagWords } from "../text/segment.ts";
import type { QueryTerms } from "./query-terms.ts";
import { canonicalize } from "./synonyms.ts";

/**
 * What a question or a claim is about, as the same-rumour confidence compares them: the things
 * it names (nouns by jieba's part-of-speech tags, and words the dictionary lacks), the places,
 * what a remedy is said to do (content/matching.json `actions`: cure, prevent, kill) and whether
 * it names the outbreak (`outbreakWords`).
 */
export interface Subject {
  /** Things named, each as the bigrams a rebuttal must hold to mention it. */
  things: string[][];
  places: string[][];
  actions: Set<string>;
  outbreak: boolean;
}

/** Noun tags of jieba's dictionary: nouns, people, places, organisations, other proper nouns, Latin words, nominal verbs. */
const NOUN = new Set(["n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "eng", "vn", "s"]);

/** Actions and the outbreak's words, as content/matching.json lists them. */
function phrases(text: string) {
  const { actions, outbreakWords } = matchingSettings();
  return {
    actions: new Set(
      Object.entries(actions)
        .filter(([, words]) => words.some((w) => text.includes(w)))
        .map(([name]) => name),
    ),
    outbreak: outbreakWords.some((w) => text.includes(w)),
  };
}

function placesOf(tagged: { word: string; tag: string }[]): string[][] {
  return tagged.filter((t) => t.tag === "ns" && t.word.length >= 2).map((t) => shingles(t.word));
}

const ofQuery = new WeakMap<QueryTerms, Subject>();

/**
 * The subject of a question: its content words (`query.keywords`) that are nouns or that the
 * dictionary lacks; none for a pasted message (over 80 characters: it has no content words).
 * @example querySubject(queryTerms("天津出租车停运了？")).places → [["天津"]]
 */
export function querySubject(query: QueryTerms): Subject {
  let subject = ofQuery.get(query);
  if (!subject) {
    const folded = canonicalize(query.normalized);
    const tagged = query.keywords.length > 0 ? tagWords(folded) : [];
    const tags = new Map(tagged.map((t) => [t.word, t.tag]));
    // A keyword jieba did not cut as one word (美白 from 美/白) is a word its dictionary lacks.
    const things = query.keywords.filter((k) => NOUN.has(tags.get(k.word) ?? "eng"));
    subject = { things: things.map((k) => k.grams), places: placesOf(tagged), ...phrases(folded) };
    ofQuery.set(query, subject);
  }
  return subject;
}

/** Claims already looked at: the same few hundred rebuttals come up again and again. */
const ofClaim = new Map<string, Subject>();
const CLAIMS_KEPT = 1000;

/** Longer claims are whole forwards: they are not tagged (their places are not compared). */
const MAX_TAGGED_CLAIM = 80;

/**
 * The places, actions and outbreak words of a claim (folded by `normalizeText`); its things are
 * not needed and left empty, and a whole forward's places are not looked for.
 * @example claimSubject("上海出租车网约车停运？").places → [["上海"]]
 */
export function claimSubject(normalizedClaim: string): Subject {
  let subject = ofClaim.get(normalizedClaim);
  if (!subject) {
    const folded = canonicalize(normalizedClaim);
    const places = folded.length <= MAX_TAGGED_CLAIM ? placesOf(tagWords(folded)) : [];
    subject = { things: [], places, ...phrases(folded) };
    if (ofClaim.size >= CLAIMS_KEPT) ofClaim.delete(ofClaim.keys().next().value!);
    ofClaim.set(normalizedClaim, subject);
  }
  return subject;
}

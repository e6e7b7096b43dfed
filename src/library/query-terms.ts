import { matchingSettings } from "../cases/settings.ts";
import { normalizeText, shingles } from "../text/normalize.ts";
import { addSegmenterWords, cutWords, keywords } from "../text/segment.ts";
import { canonicalize, synonymGroups } from "./synonyms.ts";

/** Bigrams so common in forwarded messages that they say nothing about which rumour it is. */
const STOP = new Set(
  "我们 你们 他们 大家 一个 这个 那个 什么 没有 不是 就是 可以 还是 已经 因为 所以 如果 但是 自己 现在 知道 真的 是真 的吗 是不 不要 一定 转发 朋友 家人 请大 赶紧 扩散 转给 看到 网上 听说 有人 吗? 的是 了, 是的".split(
    " ",
  ),
);

/** Words of asking and forwarding, not of the rumour: a rebuttal need not contain them. */
const ASKING = new Set(
  "听说 网上 网传 有人 朋友圈 请问 靠谱 谣言 辟谣 求辟谣 真假 真的假的 是不是 到底 是否 真的 据说 群里 转发 家人们 大家 注意 赶紧 千万 一定 知道 告诉 看到 消息 通知 紧急 重要 不知 不知道 有用 有没有 会不会 能不能 可不可以 是真的吗 吗 呢 啊 吧".split(
    " ",
  ),
);

/** Characters that glue words together; they are trimmed off words the segmenter left in pieces. */
const GLUE = new Set(
  "吃喝能会是的吗了呢啊吧和与在把被就都也还又要不没很得给往里完点个从到对让用你我他她它这那有说看么嘛呀".split(
    "",
  ),
);
/** What a word the dictionary lacks (美白, 甲流, 雾霾: cut into single characters) weighs. */
const PIECED_WEIGHT = 4;

/**
 * Words the dictionary does not know come out of jieba as single characters (美/白), which
 * keyword extraction drops: runs of them, trimmed of glue characters, are taken back as words.
 * @example piecedWords("吃维生素c能美白吗") → ["美白"]
 */
function piecedWords(folded: string): string[] {
  const words: string[] = [];
  let run = "";
  const flush = () => {
    let w = [...run];
    while (w.length && GLUE.has(w[0]!)) w = w.slice(1);
    while (w.length && GLUE.has(w[w.length - 1]!)) w = w.slice(0, -1);
    if (w.length >= 2) words.push(w.join(""));
    run = "";
  };
  for (const token of cutWords(folded)) {
    if (/^\p{Script=Han}$/u.test(token)) run += token;
    else flush();
  }
  flush();
  return words;
}

/** Most shingles of a query the candidate source looks up (a 5,000-character paste has ~4,000). */
export const MAX_QUERY_SHINGLES = 400;
/** Longer queries are pasted messages: their own words do not have to be in the rebuttal. */
const MAX_KEYWORD_QUERY = 80;

/** A content word of the query, its weight and the shingles a rebuttal must hold to contain it. */
export interface QueryKeyword {
  word: string;
  weight: number;
  grams: string[];
}

/** What a query is scored with: its shingles, and for short questions its content words. */
export interface QueryTerms {
  /** The text as `normalizeText` folds it (before synonyms; Meilisearch is asked it with them folded). */
  normalized: string;
  shingles: string[];
  set: ReadonlySet<string>;
  keywords: QueryKeyword[];
}

addSegmenterWords([...new Set(synonymGroups.flat())]);
let common: Set<string> | undefined;

/** Words made only of filler or of bigrams every rumour of an outbreak shares weigh little. */
function keywordWeight(grams: string[], weight: number): number {
  common ??= new Set(matchingSettings().commonShingles);
  if (grams.every((g) => STOP.has(g))) return 0;
  return grams.every((g) => common!.has(g) || STOP.has(g)) ? weight * 0.2 : weight;
}

/**
 * The distinct shingles of a query with the filler of forwarded messages dropped, capped.
 * @example queryShingles("聽說５Ｇ會傳播病毒？") → ["说5", "5g", "会传", "传播", "播病", "病毒"]
 */
export function queryShingles(text: string): string[] {
  return queryTerms(text).shingles;
}

/**
 * A query folded for scoring: shingles as `queryShingles`, and for short questions the content
 * words (jieba segmentation, TF-IDF weight) a rebuttal of the same rumour must also contain.
 * @example queryTerms("吃大蒜能预防流感").keywords.map((k) => k.word) → ["大蒜", "流感", "预防"]
 */
export function queryTerms(text: string): QueryTerms {
  return normalizedQueryTerms(normalizeText(text));
}

/** Folding, segmenting and weighing a pasted message costs milliseconds: the same text asked again (a hot rumour) reuses it. */
const recent = new Map<string, QueryTerms>();
const RECENT_MAX = 1000;

/**
 * `queryTerms` of text already folded by `normalizeText` (which need not run twice), cached.
 * @example normalizedQueryTerms(normalizeText("板藍根能預防新冠嗎"))
 */
export function normalizedQueryTerms(normalized: string): QueryTerms {
  let terms = recent.get(normalized);
  if (terms) {
    recent.delete(normalized);
  } else {
    terms = computeQueryTerms(normalized);
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  }
  recent.set(normalized, terms);
  return terms;
}

/**
 * `normalizedQueryTerms` without its cache, for callers that keep what they need themselves
 * (the same-rumour features keep each best claim's words).
 */
export function computeQueryTerms(normalized: string): QueryTerms {
  const folded = canonicalize(normalized);
  const all = [...new Set(shingles(folded))];
  const kept = all.filter((s) => !STOP.has(s));
  const terms = (kept.length > 0 ? kept : all).slice(0, MAX_QUERY_SHINGLES);
  const words =
    terms.length > 0 && folded.length <= MAX_KEYWORD_QUERY
      ? [
          ...keywords(folded),
          ...piecedWords(folded).map((word) => ({ word, weight: PIECED_WEIGHT })),
        ]
          .map(({ word, weight }) => {
            const grams = shingles(word);
            return { word, grams, weight: keywordWeight(grams, weight) };
          })
          .filter((k) => k.weight > 0 && k.grams.length > 0 && !ASKING.has(k.word))
      : [];
  return { normalized, shingles: terms, set: new Set(terms), keywords: words };
}

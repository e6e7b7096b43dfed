import fs from "node:fs";
import { createRequire } from "node:module";
import { Jieba, TfIdf } from "@node-rs/jieba";

let loaded: { jieba: Jieba; tfidf: TfIdf } | undefined;
let extraWords: string[] = [];

/** Words the segmenter must keep whole (synonym words such as 新冠病毒, 板蓝根); call before first use. */
export function addSegmenterWords(words: string[]) {
  extraWords = words;
  loaded = undefined;
}

const packaged = (file: string) =>
  fs.readFileSync(createRequire(import.meta.url).resolve(`@node-rs/jieba/${file}`));

// The dictionaries take ~60 MB (jieba's own heap) and ~0.3 s to load: only when a query first
// needs them. Their files are read here, not through `@node-rs/jieba/dict.js`, whose exports
// would keep both texts (11 MB) alive for the life of the process (ADR 0260).
function segmenter() {
  if (!loaded) {
    const jieba = Jieba.withDict(packaged("dict.txt"));
    if (extraWords.length)
      jieba.loadDict(Buffer.from(extraWords.map((w) => `${w} 50000 n`).join("\n")));
    const tfidf = TfIdf.withDict(packaged("idf.txt"));
    loaded = { jieba, tfidf };
  }
  return loaded;
}

/**
 * The content words of normalised text with their TF-IDF weight (general-corpus IDF of
 * jieba's dictionary; stop words and single characters dropped), heaviest first.
 * @example keywords("吃大蒜能预防流感") → [{ word: "大蒜", weight: 2.59 }, { word: "流感", … }, …]
 */
export function keywords(normalized: string, limit = 20): { word: string; weight: number }[] {
  const { jieba, tfidf } = segmenter();
  return tfidf
    .extractKeywords(jieba, normalized, limit)
    .map((k) => ({ word: k.keyword, weight: k.weight }));
}

/** The words of a text as jieba cuts them (punctuation and spaces come back as their own words). */
export function cutWords(text: string): string[] {
  return segmenter().jieba.cut(text, false);
}

/**
 * The words of a text with their part-of-speech tags (ICTCLAS tags of jieba's dictionary: n
 * noun, ns place, nr person, nz other proper noun, v verb, eng Latin letters …).
 * @example tagWords("天津出租车停运了") → [{ word: "天津", tag: "ns" }, { word: "出租车", tag: "n" }, …]
 */
export function tagWords(text: string): { word: string; tag: string }[] {
  return segmenter().jieba.tag(text, false);
}

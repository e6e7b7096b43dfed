import { describe, expect, it } from "vitest";
import { normalizeText } from "../../text/normalize.ts";
import { queryTerms } from "../query-terms.ts";
import { lookupTerms } from "../retrieve.ts";
import { shingleHash } from "../shingle-hash.ts";
import { rarestOf, rareTerms, type TermFrequencies } from "../term-stats.ts";

// A library of 20,000 rows where 大蒜 is in 400 claims and 新冠 in 2,000; bigrams the statistics
// do not list (吃大, 蒜真, 能防 …) count as half the rarest listed one: 200 rows each.
const freq: TermFrequencies = {
  doc: new Map([
    [shingleHash("大蒜"), 0.02],
    [shingleHash("新冠"), 0.1],
  ]),
  body: new Map(),
  rarest: { doc: 0.02, body: 1 },
  rows: 20_000,
};
const budget = { budget: 600, min: 2, max: 64 };

describe("the bigrams a query is looked up by", () => {
  it("spend the row budget on the query's content words before rare bigrams across words", () => {
    const query = queryTerms("吃大蒜真的能防新冠吗");
    expect(query.keywords.map((k) => k.word)).toContain("大蒜");
    expect(lookupTerms(query, freq).doc).toContain("大蒜");
    expect(rareTerms(query.shingles, freq.doc, freq.rows, budget)).not.toContain("大蒜");
  });

  it("leave out a content word whose rows would pass the budget, and fill it with rarer bigrams", () => {
    const doc = lookupTerms(queryTerms("吃大蒜真的能防新冠吗"), freq).doc;
    expect(doc).not.toContain("新冠");
    expect(doc).toHaveLength(2);
  });

  it("look a pasted forward up by its rarest bigrams: it holds the rumour's sentence verbatim, and its chatter words", () => {
    const forward = normalizeText(
      "紧急扩散！今天小区门口又贴了新通知，大家出门注意安全。吃大蒜真的能防新冠吗？家里老人天天看这些消息。",
    );
    const query = queryTerms(forward);
    expect(query.keywords.map((k) => k.word)).toContain("大蒜");
    expect(lookupTerms(query, freq).doc).toEqual(
      rareTerms(query.shingles, freq.doc, freq.rows, budget),
    );
  });

  it("take the rarest bigrams up to the minimum even when each passes the budget alone", () => {
    const common = new Map([
      [shingleHash("盐水"), 0.5],
      [shingleHash("病毒"), 0.6],
      [shingleHash("水杀"), 0.9],
    ]);
    const chosen = rareTerms(["病毒", "水杀", "盐水"], common, 20_000, {
      ...budget,
      prefer: new Set(["病毒"]),
    });
    expect(chosen).toEqual(["盐水", "病毒"]);
  });

  it("are the rarest within the budget when no content word is preferred", () => {
    const listed = new Map([
      [shingleHash("盐水"), 0.01],
      [shingleHash("病毒"), 0.02],
      [shingleHash("杀死"), 0.05],
    ]);
    expect(rareTerms(["杀死", "病毒", "盐水"], listed, 20_000, budget)).toEqual(["盐水", "病毒"]);
  });

  it("weigh a bigram the statistics do not list by the rarest they were read with", () => {
    const terms = queryTerms("吃大蒜真的能防新冠吗").shingles;
    expect(rarestOf(freq.doc)).toBe(freq.rarest.doc);
    expect(rareTerms(terms, freq.doc, freq.rows, { ...budget, rarest: freq.rarest.doc })).toEqual(
      rareTerms(terms, freq.doc, freq.rows, budget),
    );
    expect(rareTerms(terms, freq.doc, freq.rows, { ...budget, rarest: 0.2 })).not.toEqual(
      rareTerms(terms, freq.doc, freq.rows, budget),
    );
  });
});

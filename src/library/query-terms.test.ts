import { describe, expect, it } from "vitest";
import { queryShingles, queryTerms } from "./query-terms.ts";

describe("queryTerms", () => {
  it("folds the common misspelling 板兰根 and the homophone 新官 to the words the library uses", () => {
    expect(queryShingles("板兰根能预防新官肺炎吗")).toEqual(
      expect.arrayContaining(["板蓝", "蓝根", "新冠", "肺炎"]),
    );
  });

  it("folds related wording: 头孢 is asked about as an antibiotic, 醋熏 as 熏醋", () => {
    expect(queryShingles("吃头孢能预防新冠吗")).toEqual(expect.arrayContaining(["抗生", "生素"]));
    expect(queryShingles("醋熏能杀病毒吗")).toContain("熏醋");
  });

  it("drops the chatter of a forwarded question from its shingles and its content words", () => {
    const terms = queryTerms("听说吃大蒜能杀死新冠病毒，是真的吗？大家赶紧转发");
    expect(terms.shingles).not.toContain("听说");
    expect(terms.shingles).not.toContain("转发");
    const words = terms.keywords.map((k) => k.word);
    expect(words).toContain("大蒜");
    expect(words).not.toContain("听说");
    expect(words).not.toContain("真的");
  });

  it("weighs words every outbreak rumour shares far below the word that names the claim", () => {
    const weights = new Map(
      queryTerms("吃大蒜能杀死新冠病毒").keywords.map((k) => [k.word, k.weight]),
    );
    expect(weights.get("大蒜")).toBeGreaterThan(2 * (weights.get("新冠病毒") ?? 0));
  });

  it("reads Traditional characters like Simplified ones", () => {
    expect(queryShingles("板藍根可以預防新冠嗎")).toEqual(queryShingles("板蓝根可以预防新冠吗"));
  });

  it("keeps no content words for a long pasted message, which is judged by the claim it contains", () => {
    expect(queryTerms("今天天气很好，大家注意身体。".repeat(20)).keywords).toEqual([]);
  });
});

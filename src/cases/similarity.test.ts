import { describe, expect, it } from "vitest";
import { normalizeText } from "../text/normalize.ts";
import { matchingSettings } from "./settings.ts";
import { commonShare, fingerprint, similarity, textWeight } from "./similarity.ts";

const s = matchingSettings();
const score = (a: string, b: string) =>
  similarity(fingerprint(normalizeText(a), s), fingerprint(normalizeText(b), s));

describe("case similarity", () => {
  it("treats Traditional and Simplified wordings of one message alike", () => {
    expect(
      score("吃完柿子千萬别喝優酪乳，會中毒", "吃完柿子千万别喝优酪乳，会中毒"),
    ).toBeGreaterThan(0.95);
  });

  it("finds a short question inside the long forward it comes from", () => {
    const forward =
      "告訴家裏人和家裏的孩子，現在是柿子上市的季節，吃完柿子千萬别喝優酪乳，也不能吃香蕉，會中毒，已經上新聞了，誰的群多相互轉發一下";
    expect(score("吃完柿子别喝优酪乳会中毒吗", forward)).toBeGreaterThanOrEqual(s.attachCase);
  });

  it("keeps apart rumours that share only the usual template words", () => {
    expect(score("熏醋可以预防新冠病毒？", "喝茶可以预防新冠病毒？")).toBeLessThan(s.attachCase);
    expect(score("喝酒能预防新冠病毒？", "盐水漱口能预防感染新冠病毒？")).toBeLessThan(
      s.attachCase,
    );
  });

  it("gives a text the common share of its common bigrams, whatever a common bigram weighs", () => {
    // 听说 新冠 冠病 病毒 致癌 are common bigrams, 说新 毒会 会致 are not.
    const text = normalizeText("听说新冠病毒会致癌");
    const w = s.commonShingleWeight;
    expect(commonShare(text, s)).toBeCloseTo((5 * w) / (3 + 5 * w));
    expect(commonShare(text, { ...s, commonShingleWeight: 1 })).toBeCloseTo(5 / 8);
  });

  it("weighs a text as Postgres counts its hashes, so two shingles of one hash weigh once", () => {
    const s = matchingSettings();
    // 偬兵 and x62030 share one FNV-1a hash (src/library/shingle-hash.ts).
    const alone = normalizeText("偬兵说喝板蓝根能预防新冠病毒");
    const colliding = normalizeText("偬兵说喝板蓝根能预防新冠病毒 x62030");
    expect(fingerprint(colliding, s).total).toBeGreaterThan(fingerprint(alone, s).total);
    expect(textWeight(colliding, s)).toBe(textWeight(alone, s));
    expect(textWeight(alone, s)).toBe(fingerprint(alone, s).total);
  });

  it("says nothing about texts too short to tell", () => {
    expect(score("是真的吗", "是真的吗")).toBe(0);
  });
});

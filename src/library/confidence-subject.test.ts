import { describe, expect, it } from "vitest";
import { normalizeText } from "../text/normalize.ts";
import { claimSubject, querySubject } from "./confidence-subject.ts";
import { queryTerms } from "./query-terms.ts";

describe("what a question or a claim is about", () => {
  it("names the places a question and a claim are about", () => {
    expect(querySubject(queryTerms("天津出租车停运了？")).places).toEqual([["天津"]]);
    expect(claimSubject(normalizeText("上海出租车网约车停运？")).places).toEqual([["上海"]]);
  });

  it("tells curing from preventing and killing, in Traditional characters too", () => {
    expect([...querySubject(queryTerms("板蓝根能治嗓子疼吗")).actions]).toEqual(["cure"]);
    expect([...claimSubject(normalizeText("吃板藍根可以預防新冠病毒？")).actions]).toEqual([
      "prevent",
    ]);
    expect([...querySubject(queryTerms("紫外线灯能杀死甲醛吗")).actions]).toEqual(["kill"]);
  });

  it("sees whether the outbreak is named, also as the homophone typo 新官", () => {
    expect(querySubject(queryTerms("吃大蒜能治脚气吗")).outbreak).toBe(false);
    expect(querySubject(queryTerms("吃大蒜能防新官肺炎吗")).outbreak).toBe(true);
  });

  it("counts as things the nouns of a question and the words the dictionary lacks, not its verbs", () => {
    const things = querySubject(queryTerms("吃维生素c能美白吗")).things.map((g) => g.join("+"));
    expect(things).toContain("美白");
    expect(things).not.toContain("吃");
    expect(querySubject(queryTerms("家里的猫会被人传上新冠吗")).things.length).toBeGreaterThan(0);
  });

  it("looks for no places in a whole forward", () => {
    const forward = `上海的朋友转来：${"今天大家一定要注意身体，多喝热水，早睡早起。".repeat(6)}`;
    expect(claimSubject(normalizeText(forward)).places).toEqual([]);
  });
});

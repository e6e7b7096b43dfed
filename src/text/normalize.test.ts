import { describe, expect, it } from "vitest";
import { containment, dice, normalizeText, shingles } from "./normalize.ts";

describe("text normalisation", () => {
  it("folds Traditional characters into Simplified", () => {
    expect(normalizeText("喝熱水可以殺死病毒嗎")).toBe("喝热水可以杀死病毒吗");
  });

  it("turns full-width digits and letters into ASCII and lowers case", () => {
    expect(normalizeText("５Ｇ基站")).toBe("5g基站");
  });

  it("drops zero-width characters and collapses space", () => {
    expect(normalizeText("新\u200b冠  \n 疫苗\uFEFF")).toBe("新冠 疫苗");
  });

  it("folds a text asked again, after hundreds of others, as it folded it the first time", () => {
    const texts = ["喝熱水可以殺死病毒嗎", `${"聽說".repeat(300)}５Ｇ`];
    const first = texts.map(normalizeText);
    for (let i = 0; i < 600; i++) normalizeText(`第${i}條訊息`);
    expect(texts.map(normalizeText)).toEqual(first);
    expect(first[0]).toBe("喝热水可以杀死病毒吗");
    expect(first[1]).toBe(`${"听说".repeat(300)}5g`);
  });
});

describe("shingles", () => {
  it("are bigrams of Chinese runs and whole Latin words", () => {
    expect(shingles("5g 会传播病毒")).toEqual(["5g", "会传", "传播", "播病", "病毒"]);
  });

  it("keep a lone Chinese character", () => {
    expect(shingles("盐 水")).toEqual(["盐", "水"]);
  });
});

describe("similarity", () => {
  const a = new Set(shingles(normalizeText("盐水漱口能预防新冠病毒吗")));
  const b = new Set(shingles(normalizeText("用盐水漱口可以预防新冠病毒？")));
  const c = new Set(shingles(normalizeText("台风天能不能出门")));

  it("scores two wordings of one rumour above an unrelated one", () => {
    expect(dice(a, b)).toBeGreaterThan(0.5);
    expect(dice(a, c)).toBe(0);
  });

  it("measures how much of a short question a document contains", () => {
    expect(containment(new Set(["盐水", "漱口"]), a)).toBe(1);
  });
});

describe("Traditional forwards", () => {
  it("fold to the Simplified text the library is indexed with", () => {
    expect(normalizeText("雙黃連可以預防新冠病毒嗎？")).toBe("双黄连可以预防新冠病毒吗?");
  });
});

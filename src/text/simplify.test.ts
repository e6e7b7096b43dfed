import * as OpenCC from "opencc-js";
import { describe, expect, it } from "vitest";
import { cofactsMessages, dxyRumours } from "../../tests/support/cases-factories.ts";
import { toSimplified } from "./simplify.ts";

const opencc = OpenCC.Converter({ from: "tw", to: "cn" });

/** A deterministic sequence of pseudo-random numbers in [0, 1). */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe("Traditional to Simplified", () => {
  it("converts every text of the shared data exactly as opencc-js does", () => {
    const texts = [
      ...dxyRumours().flatMap((r) => [r.claim, r.summary, r.body]),
      ...cofactsMessages().flatMap((m) => [m.claim, m.answer]),
    ];
    const differing = texts.filter((t) => toSimplified(t) !== opencc(t));
    expect(differing).toEqual([]);
    expect(texts.length).toBeGreaterThan(500);
  });

  it("converts mixed scraps of characters, compatibility ideographs, surrogates and description characters as opencc-js does", () => {
    const chars = [
      ...new Set(cofactsMessages().flatMap((m) => [...m.claim.slice(0, 200)])),
      "\uf967", // a compatibility ideograph (不)
      "\u{20000}",
      "\ud840", // a lone surrogate
      "\u2ff0", // an ideographic description character
      "乾",
      "吃",
      "裏",
    ];
    const next = random(12);
    const scraps = Array.from({ length: 5000 }, () =>
      Array.from(
        { length: 1 + Math.floor(next() * 24) },
        () => chars[Math.floor(next() * chars.length)],
      ).join(""),
    );
    expect(scraps.filter((s) => toSimplified(s) !== opencc(s))).toEqual([]);
  });

  it("folds Taiwan variants and phrases", () => {
    expect(toSimplified("預防勝於治療，喫藥前先問醫生")).toBe("预防胜于治疗，吃药前先问医生");
    expect(toSimplified("Simplified 已是简体")).toBe("Simplified 已是简体");
  });
});

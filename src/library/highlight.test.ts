import * as OpenCC from "opencc-js";
import { describe, expect, it } from "vitest";
import { cofactsMessages, dxyRumours } from "../../tests/support/cases-factories.ts";
import { normalizeText, shingles } from "../text/normalize.ts";
import { highlight, highlightByChar } from "./highlight.ts";

const toTraditional = OpenCC.Converter({ from: "cn", to: "tw" });

describe("highlight", () => {
  it("marks the stretches sharing bigrams with the query", () => {
    expect(highlight("盐水漱口能预防新冠？", "漱口 预防")).toBe(
      "盐水<mark>漱口</mark>能<mark>预防</mark>新冠？",
    );
  });

  it("marks Simplified text for a Traditional query, and Traditional text for a Simplified one", () => {
    expect(highlight("熏白醋能杀死病毒", "燻白醋殺死病毒")).toBe(
      "<mark>熏白醋</mark>能<mark>杀死病毒</mark>",
    );
    expect(highlight("喝板藍根能預防", "板蓝根")).toBe("喝<mark>板藍根</mark>能預防");
  });

  it("escapes HTML inside and outside the marks", () => {
    expect(highlight(`<b>盐水&"漱口'</b>`, "盐水漱口")).toBe(
      "&lt;b&gt;<mark>盐水</mark>&amp;&quot;<mark>漱口</mark>&#39;&lt;/b&gt;",
    );
  });

  it("returns text with no shared bigram escaped and unmarked, and empty text empty", () => {
    expect(highlight("a<b", "无关")).toBe("a&lt;b");
    expect(highlight("", "盐水")).toBe("");
  });

  it("crops a long text around its first mark, with an ellipsis where it was cut", () => {
    const text = `${"甲".repeat(100)}盐水漱口${"乙".repeat(100)}`;
    expect(highlight(text, "盐水漱口", 30)).toBe(
      `…${"甲".repeat(20)}<mark>盐水漱口</mark>${"乙".repeat(6)}…`,
    );
    expect(highlight(`盐水漱口${"乙".repeat(50)}`, "盐水", 10)).toBe(
      `<mark>盐水</mark>漱口${"乙".repeat(6)}…`,
    );
  });

  it("keeps a character outside the Basic Multilingual Plane whole", () => {
    expect(highlight("𠮷野家盐水", "盐水")).toBe("𠮷野家<mark>盐水</mark>");
  });

  it("marks a character that folds to two (㎏ to kg) as reading by character does", () => {
    const terms = new Set(shingles(normalizeText("5kg 盐水")));
    for (const text of ["重5㎏盐水", "ﬁ盐水ﬂ", "İ盐水"])
      expect(highlight(text, terms)).toBe(highlightByChar(text, terms));
  });

  it("marks every field of the shared data as reading by character does, for Simplified and Traditional queries", () => {
    const docs = [
      ...dxyRumours().map((r) => [r.claim, r.summary, r.body]),
      ...cofactsMessages().map((m) => [m.claim, m.answer]),
    ];
    let pairs = 0;
    docs.forEach((fields, i) => {
      const asked = docs[(i * 7) % docs.length]![0]!;
      for (const q of [asked, toTraditional(asked)]) {
        const terms = new Set(shingles(normalizeText(q)));
        for (const field of fields) {
          expect(highlight(field, terms)).toBe(highlightByChar(field, terms));
          pairs++;
        }
      }
    });
    expect(pairs).toBeGreaterThan(1000);
  });
});

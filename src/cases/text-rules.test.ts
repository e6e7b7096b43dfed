import { describe, expect, it } from "vitest";
import { hasControlCharacters, hasHtml, hasWords, titleFromText } from "./text-rules.ts";

describe("report text rules", () => {
  it("allow tabs and line breaks but not other control characters", () => {
    expect(hasControlCharacters("第一行\n第二行\t完")).toBe(false);
    expect(hasControlCharacters("响铃\u0007")).toBe(true);
    expect(hasControlCharacters("空字符\u0000")).toBe(true);
    expect(hasControlCharacters("C1\u0085")).toBe(true);
  });

  it("see tags and comments as HTML, and a bare less-than sign as text", () => {
    expect(hasHtml("<p>通知</p>")).toBe(true);
    expect(hasHtml("<!-- x -->")).toBe(true);
    expect(hasHtml("<script src=x>")).toBe(true);
    expect(hasHtml("<5 岁的孩子")).toBe(false);
    expect(hasHtml("a < b > c")).toBe(false);
  });

  it("need at least one letter or digit", () => {
    expect(hasWords("？！……")).toBe(false);
    expect(hasWords("5G")).toBe(true);
  });

  it("title a case by the first line with words, shortened", () => {
    expect(titleFromText("\n！！！\n网传：喝盐水能防新冠\n转发")).toBe("网传：喝盐水能防新冠");
    const long = titleFromText("谣".repeat(80));
    expect([...long]).toHaveLength(60);
    expect(long.endsWith("…")).toBe(true);
  });
});

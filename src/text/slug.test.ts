import { describe, expect, it } from "vitest";
import { pinyinSlug } from "./slug.ts";

describe("pinyin slugs", () => {
  it("turns a Chinese title into hyphenated toneless pinyin words", () => {
    expect(pinyinSlug("台风天应关紧门窗")).toBe("taifeng-tian-ying-guanjin-menchuang");
    expect(pinyinSlug("台风天应关紧门窗")).not.toMatch(/--|[^a-z0-9-]/);
  });

  it("keeps Latin letters and digits, drops punctuation, and stays short", () => {
    expect(pinyinSlug("5G基站不会传播病毒！")).toMatch(/^5g-jizhan-.*bingdu$/);
    expect(pinyinSlug("“”！？")).toBe("");
    expect(
      pinyinSlug("海水突然退去可能是海啸前兆，请立即远离海边并向高处撤离，不要围观拍照").length,
    ).toBeLessThanOrEqual(60);
  });
});

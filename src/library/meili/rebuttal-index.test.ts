import { describe, expect, it } from "vitest";
import { MEILI_BODY_CHARS, type RebuttalIndexRow, toDocument } from "./rebuttal-index.ts";

const row = (over: Partial<RebuttalIndexRow>): RebuttalIndexRow => ({
  id: "00000000-0000-4000-8000-000000000001",
  slug: "i-test",
  claim: "喝高度白酒能杀死新冠病毒，每天喝一两就能预防",
  title: "喝高度白酒能杀死新冠病毒",
  summary: "酒精不能在体内杀灭病毒",
  tags: [],
  bodyMd: "饮酒不能预防新冠。",
  category: null,
  verdict: "false",
  regions: ["460000"],
  status: "live",
  kind: "rebuttal",
  publishedAt: new Date("2026-11-30T00:00:00Z"),
  ...over,
});

describe("the Meilisearch document of a rebuttal", () => {
  it("leaves out a title that only repeats the opening of the claim", () => {
    const doc = toDocument(row({}));
    expect(doc.title).toBe("");
    expect(doc.claim).toBe("喝高度白酒能杀死新冠病毒,每天喝一两就能预防");
  });

  it("leaves out a title equal to the whole claim", () => {
    const claim = "喝高度白酒能杀死新冠病毒";
    expect(toDocument(row({ claim, title: claim })).title).toBe("");
  });

  it("leaves out a Traditional title whose folded text repeats the claim's opening", () => {
    expect(toDocument(row({ title: "喝高度白酒能殺死新冠病毒" })).title).toBe("");
  });

  it("keeps an opening of the claim cut inside a Traditional phrase, which folds to other characters", () => {
    // 乾隆 stays 乾隆, 乾 alone folds to 干: the folded claim does not start with the folded title.
    const doc = toDocument(row({ claim: "據說乾隆皇帝每天喝白酒防疫", title: "據說乾" }));
    expect(doc.claim.startsWith("据说乾隆")).toBe(true);
    expect(doc.title).toBe("据说干");
  });

  it("keeps a title with words of its own, folded", () => {
    const doc = toDocument(row({ title: "喝白酒防新冠？謠言" }));
    expect(doc.title).toBe("喝白酒防新冠?谣言");
  });

  it("keeps the title of a rebuttal without a claim", () => {
    const doc = toDocument(row({ claim: null, title: "喝白酒能防新冠吗" }));
    expect(doc.title).toBe("喝白酒能防新冠吗");
  });
});

describe("the body of a Meilisearch document", () => {
  it("is the folded opening of the body, without markdown marks, up to MEILI_BODY_CHARS", () => {
    const bodyMd = `## 結論\n\n**飲酒**不能預防新冠。${"酒精进入血液后浓度很低。".repeat(40)}`;
    const doc = toDocument(row({ bodyMd }));
    expect(doc.body.startsWith("结论 饮酒 不能预防新冠。酒精进入血液后浓度很低。")).toBe(true);
    expect(doc.body).toHaveLength(MEILI_BODY_CHARS);
  });

  it("keeps a short body whole", () => {
    expect(toDocument(row({ bodyMd: "饮酒不能预防新冠。" })).body).toBe("饮酒不能预防新冠。");
  });
});

import { describe, expect, it } from "vitest";
import { type RebuttalIndexRow, toDocument } from "./rebuttal-index.ts";

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
  it("holds the claim and the title folded, each synonym as its group's first word", () => {
    const doc = toDocument(row({ title: "喝白酒防新冠？謠言" }));
    expect(doc.claim).toBe("喝高度白酒能杀灭新冠病毒,每天喝一两就能预防");
    expect(doc.title).toBe("喝白酒防新冠?谣言");
  });

  it("keeps the title of a rebuttal without a claim", () => {
    const doc = toDocument(row({ claim: null, title: "喝白酒能防新冠吗" }));
    expect(doc.claim).toBe("");
    expect(doc.title).toBe("喝白酒能防新冠吗");
  });

  it("holds the body folded, without markdown marks, and at most 2,000 characters of it", () => {
    const bodyMd = `## 結論\n\n**飲酒**不能預防新冠。${"酒精进入血液后浓度很低。".repeat(400)}`;
    const doc = toDocument(row({ bodyMd }));
    expect(doc.body.startsWith("结论 饮酒 不能预防新冠。酒精进入血液后浓度很低。")).toBe(true);
    expect(doc.body).toHaveLength(2000);
  });
});

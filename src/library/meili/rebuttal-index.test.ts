import { describe, expect, it } from "vitest";
import { documentText, toDocument } from "./rebuttal-index.ts";

const row = {
  id: "00000000-0000-4000-8000-000000000001",
  slug: "i-x",
  claim: "喝熏醋能殺死新型冠狀病毒？",
  title: "喝熏醋能殺死新型冠狀病毒？",
  summary: "不能。",
  tags: ["謠言"],
  bodyMd: "# 熏醋\n\n醋酸**浓度**太低。",
  category: null,
  verdict: "false",
  regions: ["460000"],
  status: "live",
  kind: "rebuttal",
  publishedAt: new Date("2026-11-30T00:00:00Z"),
};

describe("the Meilisearch document of a rebuttal", () => {
  it("folds the text Meilisearch indexes to Simplified characters and trims the body's markup", () => {
    const text = documentText(row);
    expect(text.claim).toBe("喝熏醋能杀死新型冠状病毒?");
    expect(text.tags).toEqual(["谣言"]);
    expect(text.body).not.toMatch(/[#*]/);
  });

  it("is the same document whether its text was folded ahead or now", () => {
    expect(toDocument({ ...row, text: documentText(row) })).toEqual(toDocument(row));
  });
});

import { describe, expect, it } from "vitest";
import { emptyHours, summarize, windowAround } from "../../effect/series.ts";
import { EffectChart, EffectFigures } from "./effect-chart.tsx";

const now = new Date("2026-08-02T03:20:00Z");
const publishedAt = new Date("2026-08-01T09:30:00Z");

function effect(published: Date | null, reportsBefore: number, reportsAfter: number) {
  const w = windowAround(published, now, { before: 48, after: 72 });
  const hours = emptyHours(w);
  for (const [at, c] of hours) {
    if (published && at < published.getTime() - 3_600_000) c.reportsBefore = reportsBefore;
    else c.reportsAfter = reportsAfter;
  }
  return {
    drill: false,
    publishedAt: published?.toISOString() ?? null,
    publications: published ? [{ publishedAt: published.toISOString() }] : [],
    ...summarize(w, hours, published),
  };
}

const heights = (svg: string, colour: string) =>
  [...svg.matchAll(new RegExp(`<rect[^>]*height="([\\d.]+)" fill="${colour}"`, "g"))].map((m) =>
    Number(m[1]),
  );

describe("the effect chart", () => {
  it("draws the busiest hour full height and the quiet hours after publication in proportion", () => {
    const svg = String(EffectChart({ title: "效果", effect: effect(publishedAt, 10, 1) }));
    const bars = heights(svg, "#1d5fa8");
    expect(Math.max(...bars)).toBeCloseTo(90, 1);
    expect(Math.min(...bars)).toBeCloseTo(9, 1);
  });

  it("marks the publication moment in Beijing time and says the figures in its accessible summary", () => {
    const svg = String(EffectChart({ title: "效果", effect: effect(publishedAt, 10, 1) }));
    expect(svg.match(/class="publication"/g)).toHaveLength(1);
    expect(svg).toContain("发布 2026/08/01 17:30");
    expect(svg).toMatch(/aria-label="效果：发布前 48 小时：线索 \d+ 条/);
    expect(svg).toContain("<desc>发布前 48 小时");
  });

  it("says when nothing is published yet and draws no publication mark", () => {
    const svg = String(EffectChart({ title: "效果", effect: effect(null, 0, 2) }));
    expect(svg).toContain("尚未发布解答");
    expect(svg).not.toContain('class="publication"');
  });

  it("shows the instant-answer share as a percentage of the reports after publication", () => {
    const e = { ...effect(publishedAt, 10, 1), instantAnswerShare: 0.75 };
    e.after = { ...e.after, reports: 4, answeredInstantly: 3 };
    const html = String(EffectFigures({ effect: e }));
    expect(html).toContain("75%");
    expect(html).toContain("3/4 条线索");
  });
});

import { describe, expect, it } from "vitest";
import { BarChart, minutesText } from "./charts.tsx";

const widths = (svg: string) =>
  [...svg.matchAll(/<rect[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));

describe("server-drawn bar charts", () => {
  it("draws the longest bar for the largest value and the others in proportion", () => {
    const svg = String(
      BarChart({
        title: "用时",
        summary: "三项",
        bars: [
          { label: "a", value: 30 },
          { label: "b", value: 60 },
          { label: "c", value: 15 },
        ],
      }),
    );
    const [a, b, c] = widths(svg);
    expect(b).toBeGreaterThan(a!);
    expect(a! / b!).toBeCloseTo(0.5, 2);
    expect(c! / b!).toBeCloseTo(0.25, 2);
  });

  it("labels a missing value as no data instead of drawing a bar, and says so when there are no bars", () => {
    const svg = String(
      BarChart({ title: "用时", summary: "", bars: [{ label: "a", value: null }] }),
    );
    expect(widths(svg)).toEqual([0]);
    expect(svg).toContain("无数据");
    expect(String(BarChart({ title: "空", summary: "", bars: [] }))).toContain("这段时间没有数据");
  });

  it("names the chart for screen readers and escapes labels", () => {
    const svg = String(
      BarChart({ title: "达标率", summary: "按时 3 件", bars: [{ label: "<b>", value: 1 }] }),
    );
    expect(svg).toContain('aria-label="达标率：按时 3 件"');
    expect(svg).toContain("&lt;b&gt;");
  });

  it("reads minutes as minutes, hours or days", () => {
    expect(minutesText(null)).toBe("无数据");
    expect(minutesText(0.4)).toBe("不到 1 分钟");
    expect(minutesText(45)).toBe("45 分钟");
    expect(minutesText(210)).toBe("3.5 小时");
    expect(minutesText(3 * 1440)).toBe("3.0 天");
  });
});

import { describe, expect, it } from "vitest";
import { emptyHours, summarize, windowAround } from "./series.ts";

const H = 3_600_000;
const now = new Date("2026-08-02T03:20:00Z");

describe("the effect window and totals", () => {
  it("runs from `before` hours ahead of the publication's hour to `after` hours past it, never beyond the current hour", () => {
    const w = windowAround(new Date("2026-08-01T09:30:00Z"), now, { before: 48, after: 72 });
    expect(w.from.toISOString()).toBe("2026-07-30T09:00:00.000Z");
    expect(w.to.toISOString()).toBe("2026-08-02T04:00:00.000Z");
    expect(w.hours).toHaveLength(48 + 19);
    const short = windowAround(new Date("2026-08-01T09:30:00Z"), now, { before: 2, after: 3 });
    expect(short.to.toISOString()).toBe("2026-08-01T12:00:00.000Z");
  });

  it("ends at the current hour for an unpublished case", () => {
    const w = windowAround(null, now, { before: 48, after: 72 });
    expect(w.to.toISOString()).toBe("2026-08-02T04:00:00.000Z");
    expect(w.hours).toHaveLength(48);
  });

  it("puts the publication hour after it, and shares instant answers among the reports after", () => {
    const published = new Date("2026-08-01T09:30:00Z");
    const w = windowAround(published, now, { before: 2, after: 2 });
    const hours = emptyHours(w);
    hours.get(published.getTime() - 30 * 60_000 - H)!.reportsBefore = 6;
    Object.assign(hours.get(published.getTime() - 30 * 60_000)!, {
      reportsBefore: 1,
      reportsAfter: 4,
      answeredInstantly: 3,
      searchesMissed: 2,
    });
    const s = summarize(w, hours, published);
    expect(s.hours.map((h) => h.phase)).toEqual(["before", "before", "after", "after"]);
    expect(s.before).toMatchObject({ hours: 2, reports: 7, searches: 0, reportsPerHour: 3.5 });
    expect(s.after).toMatchObject({ hours: 2, reports: 4, searches: 2, answeredInstantly: 3 });
    expect(s.instantAnswerShare).toBe(0.75);
  });
});

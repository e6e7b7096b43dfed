import { describe, expect, it } from "vitest";
import { casePriority } from "./priority.ts";

const now = new Date("2026-03-01T09:00:00Z");
const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000);
const base = { urgency: 3, reportCount: 0, reportsLastHour: 0, dueAt: null, escalated: false, now };

describe("case priority", () => {
  it("ranks a more urgent level higher, all else equal", () => {
    expect(casePriority({ ...base, urgency: 1 }).score).toBeGreaterThan(
      casePriority({ ...base, urgency: 4 }).score,
    );
  });

  it("grows with reports and with how fast they arrive, and says so", () => {
    const quiet = casePriority({ ...base, reportCount: 1 });
    const busy = casePriority({ ...base, reportCount: 30, reportsLastHour: 5 });
    expect(busy.score).toBeGreaterThan(quiet.score);
    expect(busy.reasons.map((r) => r.code)).toEqual(["urgency", "reports", "velocity"]);
    expect(busy.reasons.find((r) => r.code === "velocity")!.label).toContain("5");
  });

  it("rises as the deadline nears and is highest once overdue or escalated", () => {
    const far = casePriority({ ...base, dueAt: inHours(60) }).score;
    const near = casePriority({ ...base, dueAt: inHours(1) }).score;
    const overdue = casePriority({ ...base, dueAt: inHours(-1) });
    expect(near).toBeGreaterThan(far);
    expect(overdue.score).toBeGreaterThan(near);
    expect(overdue.reasons.map((r) => r.code)).toContain("overdue");
    expect(casePriority({ ...base, escalated: true }).score).toBeGreaterThan(
      casePriority(base).score,
    );
  });

  it("adds up exactly the points of its reasons", () => {
    const p = casePriority({
      ...base,
      urgency: 1,
      reportCount: 7,
      reportsLastHour: 2,
      dueAt: inHours(2),
      escalated: true,
    });
    expect(p.score).toBe(p.reasons.reduce((s, r) => s + r.points, 0));
  });
});

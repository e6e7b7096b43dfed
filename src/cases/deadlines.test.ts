import { describe, expect, it } from "vitest";
import { caseTargets, deadlineCheckpoints, triageDueAt } from "./deadlines.ts";
import { deadlineSettings } from "./settings.ts";

const s = deadlineSettings();
const t0 = new Date("2026-03-01T09:00:00Z");
const iso = (d: Date) => d.toISOString();

describe("deadlines from content/deadlines.json", () => {
  it("give levels 1-4 response deadlines of 2, 6, 24 and 72 hours", () => {
    const hours = ([1, 2, 3, 4] as const).map(
      (u) => (caseTargets(t0, u, s).deadlineAt.getTime() - t0.getTime()) / 3_600_000,
    );
    expect(hours).toEqual([2, 6, 24, 72]);
  });

  it("put stage targets in order: first draft, review, response", () => {
    for (const u of [1, 2, 3, 4] as const) {
      const t = caseTargets(t0, u, s);
      expect(t.firstDraftDueAt < t.reviewDueAt && t.reviewDueAt < t.deadlineAt).toBe(true);
    }
    expect(iso(triageDueAt(t0, s))).toBe("2026-03-01T09:30:00.000Z");
  });

  it("warn at 75 % of a stage and miss at its end", () => {
    const points = deadlineCheckpoints(t0, caseTargets(t0, 1, s), s);
    expect(points.map((p) => [p.stage, p.kind, iso(p.at)])).toEqual([
      ["first_draft", "warning", "2026-03-01T09:33:45.000Z"],
      ["first_draft", "missed", "2026-03-01T09:45:00.000Z"],
      ["review", "missed", "2026-03-01T10:15:00.000Z"],
      ["response", "warning", "2026-03-01T10:30:00.000Z"],
      ["response", "missed", "2026-03-01T11:00:00.000Z"],
    ]);
  });
});

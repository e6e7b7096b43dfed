import { describe, expect, it } from "vitest";
import { formatDay, formatDuration, formatTime } from "./format.ts";

describe("formatting for people in Hainan", () => {
  it("shows times in Asia/Shanghai", () => {
    expect(formatTime("2026-01-01T00:30:00Z")).toBe("2026/01/01 08:30");
  });

  it("dates a day as Hainan has it, not as UTC", () => {
    expect(formatDay("2026-07-31T17:30:00Z")).toBe("2026-08-01");
    expect(formatDay(new Date("2026-08-01T15:59:00Z"))).toBe("2026-08-01");
  });

  it("says how long is left, and how long overdue", () => {
    expect(formatDuration(125 * 60_000)).toBe("2 小时 5 分");
    expect(formatDuration(-5 * 60_000)).toBe("已超时 5 分");
  });
});

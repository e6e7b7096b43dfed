import { describe, expect, it } from "vitest";
import { durationStats, percentile } from "./stats-math.ts";

describe("percentiles", () => {
  it("interpolate between ranks like percentile_cont", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(91);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it("ignore stages not reached yet when summarising durations", () => {
    expect(durationStats([30, null, 10, 20])).toEqual({
      count: 3,
      medianMinutes: 20,
      p90Minutes: 28,
    });
    expect(durationStats([null])).toEqual({ count: 0, medianMinutes: null, p90Minutes: null });
  });
});

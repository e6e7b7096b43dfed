/**
 * The p-th percentile (0..1) of numbers by linear interpolation between closest ranks, as
 * Postgres' percentile_cont computes it; null for no values.
 * @example percentile([1, 2, 3, 4], 0.5) === 2.5
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export interface DurationStats {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Count, median and 90th percentile of durations in minutes (nulls: not reached yet). */
export function durationStats(minutes: readonly (number | null)[]): DurationStats {
  const values = minutes.filter((m): m is number => m !== null);
  return {
    count: values.length,
    medianMinutes: round1(percentile(values, 0.5)),
    p90Minutes: round1(percentile(values, 0.9)),
  };
}

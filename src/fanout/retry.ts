/**
 * The emergency retry schedule: the first retries within seconds (a receiver restarting), then
 * longer, for about a day in all; after the last one the delivery is dead-lettered.
 */
export const retryDelaysMs = [
  2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_200_000, 1_800_000, 3_600_000,
  3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000,
] as const;

/** Longest wait a receiver's Retry-After may ask for. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * The wait before the next attempt after `attempts` failed ones, with ±20 % jitter so that a
 * receiver coming back is not hit by every delivery at once; undefined when retries are spent.
 * @example nextRetryDelay(1) // ≈ 2 s
 */
export function nextRetryDelay(
  attempts: number,
  opts: { retryAfterMs?: number; random?: () => number } = {},
): number | undefined {
  const base = retryDelaysMs[attempts - 1];
  if (base === undefined) return undefined;
  if (opts.retryAfterMs !== undefined) return Math.min(opts.retryAfterMs, MAX_RETRY_AFTER_MS);
  const jitter = 0.8 + 0.4 * (opts.random ?? Math.random)();
  return Math.round(base * jitter);
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * The emergency retry schedule: the first retries within seconds (a receiver restarting), then
 * longer, for about a day in all; after the last one the delivery is dead-lettered.
 */
export const retryDelaysMs = [
  2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_200_000, 1_800_000, 3_600_000,
  3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000,
] as const;

/**
 * How long a delivery keeps being retried, counted from its first attempt: the schedule's ~25 h
 * plus room for queueing. Time, not attempts, so a receiver that keeps answering
 * `429 Retry-After: 0` cannot burn the whole budget in seconds.
 */
export const retryBudgetMs = 27 * 3_600_000;

/** Longest wait a receiver's Retry-After may ask for. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * The wait before the next attempt after `attempts` failed ones that began `elapsedMs` ago: the
 * schedule's step with ±20 % jitter (so a receiver coming back is not hit by every delivery at
 * once), lengthened — never shortened — by the receiver's Retry-After (capped at an hour);
 * undefined when the next attempt would fall outside the retry budget.
 * @example nextRetryDelay(1, { elapsedMs: 0 }) // ≈ 2 s
 */
export function nextRetryDelay(
  attempts: number,
  opts: { elapsedMs: number; retryAfterMs?: number; random?: () => number },
): number | undefined {
  const step = Math.min(Math.max(attempts, 1), retryDelaysMs.length) - 1;
  const jitter = 0.8 + 0.4 * (opts.random ?? Math.random)();
  const scheduled = Math.round(retryDelaysMs[step]! * jitter);
  const asked = Math.min(Math.max(opts.retryAfterMs ?? 0, 0), MAX_RETRY_AFTER_MS);
  const delay = Math.max(scheduled, asked);
  return opts.elapsedMs + delay > retryBudgetMs ? undefined : delay;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * How long a test polls for what a worker, a job, a socket, a receiver, an email, a NOTIFY or a
 * Meilisearch task produces. CI on a loaded 2-core machine needed up to 20 s; the poll returns as
 * soon as the value is there, so the bound only matters when the test fails. Keep it under the
 * 30 s test timeout (vitest.config.ts) so a failing poll reports its value, not a timeout.
 * @example await expect.poll(() => inbox.length, WAIT).toBe(1);
 */
export const WAIT = { timeout: 20_000, interval: 100 } as const;

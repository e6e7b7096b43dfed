import { vi } from "vitest";
import type { Db } from "../../src/db/client.ts";

/**
 * How long a test polls for what a worker, a job, a socket, a receiver, an email, a NOTIFY or a
 * Meilisearch task produces. CI on a loaded 2-core machine needed up to 20 s; the poll returns as
 * soon as the value is there, so the bound only matters when the test fails. Keep it under the
 * 30 s test timeout (vitest.config.ts) so a failing poll reports its value, not a timeout.
 * @example await expect.poll(() => inbox.length, WAIT).toBe(1);
 */
export const WAIT = { timeout: 20_000, interval: 100 } as const;

/**
 * Waits until a connection to this database has run `LISTEN <channel>` and sits idle, so the
 * LISTEN has committed: a NOTIFY sent before that is lost. Works in hooks (expect.poll does not).
 * @example await untilListening(ctx.sql, "chorus_revocations");
 */
export async function untilListening(sql: Db, channel: string): Promise<void> {
  await vi.waitFor(async () => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and state = 'idle' and query = ${`listen "${channel}"`}`;
    if (!row?.n) throw new Error(`nothing LISTENs on ${channel} yet`);
  }, WAIT);
}

/**
 * Waits until a connection to this database waits on a lock (a row, a table): a request's
 * statement blocked behind a transaction the test holds. Works in hooks (expect.poll does not).
 * @example await ctx.sql.begin(async (tx) => { …; await untilWaitingOnLock(ctx.sql); … });
 */
export async function untilWaitingOnLock(sql: Db): Promise<void> {
  await vi.waitFor(async () => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`;
    if (!row?.n) throw new Error("no connection waits on a lock yet");
  }, WAIT);
}

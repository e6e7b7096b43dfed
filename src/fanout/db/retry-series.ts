import type { Sql } from "../../db/client.ts";

/**
 * When the delivery's current series of attempts began: the oldest of its last `attempts`
 * attempts (a redelivery resets the counter, so older rows belong to an earlier series).
 */
export async function retrySeriesStart(sql: Sql, deliveryId: string, attempts: number) {
  const [row] = await sql<{ startedAt: Date | null }[]>`
    select min(attempted_at) as started_at from (
      select attempted_at from delivery_attempts where delivery_id = ${deliveryId}
      order by id desc limit ${attempts}) a`;
  return row?.startedAt ?? undefined;
}

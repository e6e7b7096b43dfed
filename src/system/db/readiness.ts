import type { Sql } from "../../db/client.ts";

/**
 * Whether graphile-worker's schema exists in this database (the queue is installed), and whether
 * some worker process has sent a heartbeat within `seenWithinSeconds`.
 */
export async function queueState(
  sql: Sql,
  seenWithinSeconds: number,
): Promise<{ queueInstalled: boolean; workerSeen: boolean }> {
  const [row] = await sql`
    select to_regclass('graphile_worker._private_jobs') is not null as queue_installed,
      exists (select 1 from chorus_worker_heartbeats
              where seen_at > now() - make_interval(secs => ${seenWithinSeconds}))
        as worker_seen`;
  return { queueInstalled: Boolean(row?.queueInstalled), workerSeen: Boolean(row?.workerSeen) };
}

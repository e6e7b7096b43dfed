import crypto from "node:crypto";
import os from "node:os";
import type { Db } from "../src/db/client.ts";

/** A worker process unseen for this long is taken for dead: its job locks are freed. */
export const WORKER_DEAD_AFTER_MS = 60_000;

/** Says that this process's graphile-worker ids are alive. */
export async function beat(sql: Db, processId: string, workerIds: string[]): Promise<void> {
  await sql`
    insert into chorus_worker_heartbeats (process_id, worker_ids, host, pid)
    values (${processId}, ${workerIds}::text[], ${os.hostname()}, ${process.pid})
    on conflict (process_id) do update set worker_ids = excluded.worker_ids, seen_at = now()`;
}

/** Removes this process's heartbeat once its workers stopped (their jobs finished). */
export async function endBeat(sql: Db, processId: string): Promise<void> {
  await sql`delete from chorus_worker_heartbeats where process_id = ${processId}`;
}

/**
 * Frees the jobs (of every task) and job queues locked for longer than `deadAfterMs` by
 * worker ids no live process claims, through graphile-worker's own `force_unlock_workers`,
 * so that a live worker runs them. Returns the freed worker ids.
 */
export async function sweepDeadWorkers(sql: Db, deadAfterMs = WORKER_DEAD_AFTER_MS) {
  const secs = deadAfterMs / 1000;
  const rows = await sql<{ lockedBy: string }[]>`
    with locks as (
      select locked_by from graphile_worker._private_jobs
      where locked_by is not null and locked_at < now() - make_interval(secs => ${secs})
      union
      select locked_by from graphile_worker._private_job_queues
      where locked_by is not null and locked_at < now() - make_interval(secs => ${secs})
    )
    select distinct l.locked_by from locks l
    where not exists (
      select 1 from chorus_worker_heartbeats h
      where l.locked_by = any(h.worker_ids)
        and h.seen_at > now() - make_interval(secs => ${secs}))`;
  const dead = rows.map((r) => r.lockedBy);
  if (dead.length) await sql`select graphile_worker.force_unlock_workers(${dead}::text[])`;
  await sql`delete from chorus_worker_heartbeats where seen_at < now() - interval '1 day'`;
  return dead;
}

export function newProcessId(): string {
  return `chorus-${os.hostname()}-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
}

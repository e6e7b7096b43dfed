import { z } from "zod";
import type { Sql } from "../../db/client.ts";

/**
 * A job still to run, as the backup keeps it: not graphile-worker's rows (their ids point into
 * its private task and queue tables, which differ between databases and versions) but what
 * `add_job` needs to queue it again.
 */
export const PendingJob = z.object({
  task: z.string().min(1),
  queueName: z.string().nullable(),
  payload: z.unknown(),
  priority: z.number().int(),
  runAt: z.coerce.date(),
  maxAttempts: z.number().int().min(1),
  key: z.string().nullable(),
  flags: z.record(z.string(), z.unknown()).nullable(),
});
export type PendingJob = z.infer<typeof PendingJob>;

/**
 * Jobs that will still run: waiting, retrying or held by a worker right now (its work may not
 * have committed). Jobs that used up their attempts are left out: they never run again.
 */
export async function pendingJobs(sql: Sql): Promise<PendingJob[]> {
  const [queue] =
    await sql`select to_regclass('graphile_worker._private_jobs') is not null as present`;
  if (!queue?.present) return [];
  return sql<PendingJob[]>`
    select t.identifier as task, q.queue_name, j.payload, j.priority, j.run_at,
           j.max_attempts, j.key, j.flags
    from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id
    left join graphile_worker._private_job_queues q on q.id = j.job_queue_id
    where j.attempts < j.max_attempts
    order by j.id`;
}

/** Queues a backed-up job again, in the caller's transaction (a new id, no lock, attempts from 0). */
export async function requeueJob(sql: Sql, job: PendingJob): Promise<void> {
  const flags = job.flags ? Object.keys(job.flags) : null;
  await sql`select graphile_worker.add_job(
    ${job.task},
    ${sql.json(job.payload as never)}::json,
    queue_name => ${job.queueName}::text,
    run_at => ${job.runAt}::timestamptz,
    max_attempts => ${job.maxAttempts}::int,
    job_key => ${job.key}::text,
    priority => ${job.priority}::int,
    flags => ${flags}::text[]
  )`;
}

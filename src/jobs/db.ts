import type { Sql } from "../db/client.ts";

/** graphile-worker's add_job, in the caller's transaction; the payload is already checked. */
export async function addJob(
  sql: Sql,
  job: { name: string; payload: unknown; maxAttempts: number },
  opts: { runAt?: Date; jobKey?: string; queueName?: string; priority?: number },
): Promise<void> {
  // add_job takes json, and postgres.js sends sql.json() as jsonb: cast it.
  await sql`select graphile_worker.add_job(
    ${job.name},
    ${sql.json(job.payload as never)}::json,
    queue_name => ${opts.queueName ?? null}::text,
    run_at => ${opts.runAt ?? null}::timestamptz,
    max_attempts => ${job.maxAttempts}::int,
    job_key => ${opts.jobKey ?? null}::text,
    priority => ${opts.priority ?? null}::int
  )`;
}

/** Removes waiting jobs by their keys (graphile-worker's remove_job; a running job is left). */
export async function removeJobs(sql: Sql, jobKeys: string[]): Promise<void> {
  if (jobKeys.length === 0) return;
  await sql`select graphile_worker.remove_job(k) from unnest(${jobKeys}::text[]) k`;
}

import type { z } from "zod";
import type { Sql } from "../db/client.ts";

/** A job's contract: its name, payload schema and retry budget. Implemented in each area's `tasks/` folder. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  maxAttempts: number;
}

/** @example export const indexRebuttal = defineJob("search.index-rebuttal", z.object({ id: z.string() })); */
export function defineJob<S extends z.ZodType>(
  name: string,
  payload: S,
  opts: { maxAttempts?: number } = {},
): JobDefinition<S> {
  return { name, payload, maxAttempts: opts.maxAttempts ?? 25 };
}

export interface EnqueueOptions {
  runAt?: Date;
  /** Jobs with the same key replace each other while waiting (debounce / de-duplication). */
  jobKey?: string;
  queueName?: string;
  priority?: number;
}

/**
 * Adds a job inside the caller's transaction (transactional outbox): it exists only if the
 * transaction commits. The payload is validated before it is stored.
 * @example await sql.begin((tx) => enqueue(tx, indexRebuttal, { id }));
 */
export async function enqueue<S extends z.ZodType>(
  sql: Sql,
  job: JobDefinition<S>,
  payload: z.input<S>,
  opts: EnqueueOptions = {},
): Promise<void> {
  const checked = job.payload.parse(payload);
  // add_job takes json, and postgres.js sends sql.json() as jsonb: cast it.
  await sql`select graphile_worker.add_job(
    ${job.name},
    ${sql.json(checked as never)}::json,
    queue_name => ${opts.queueName ?? null}::text,
    run_at => ${opts.runAt ?? null}::timestamptz,
    max_attempts => ${job.maxAttempts}::int,
    job_key => ${opts.jobKey ?? null}::text,
    priority => ${opts.priority ?? null}::int
  )`;
}

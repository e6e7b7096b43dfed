import type { z } from "zod";
import type { Sql } from "../db/client.ts";
import { addJob } from "./db.ts";

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
  await addJob(sql, { name: job.name, payload: checked, maxAttempts: job.maxAttempts }, opts);
}

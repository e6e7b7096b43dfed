import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { defineJob, enqueue } from "../jobs/define.ts";

/**
 * Brings one rebuttal's search document in step with Postgres (add, update, or remove when
 * retracted). Enqueued in the transaction that publishes, updates or retracts it.
 */
export const indexRebuttal = defineJob(
  "library.index-rebuttal",
  z.object({ rebuttalId: z.string().uuid() }),
);

/** Rebuttals one `indexRebuttals` job takes at most. */
const INDEX_JOB_IDS = 5000;

/** The same for a batch (an import that could not reach Meilisearch leaves these behind). */
export const indexRebuttals = defineJob(
  "library.index-rebuttals",
  z.object({ rebuttalIds: z.array(z.string().uuid()).min(1).max(INDEX_JOB_IDS) }),
);

/** Leaves rebuttals to `indexRebuttals` jobs in the caller's transaction, 5,000 to a job. */
export async function enqueueIndexRebuttals(sql: Sql, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += INDEX_JOB_IDS) {
    await enqueue(sql, indexRebuttals, { rebuttalIds: ids.slice(i, i + INDEX_JOB_IDS) });
  }
}

/**
 * Rebuilds the library's Meilisearch index from Postgres (`Search.reindex`): scheduled once, under
 * one key, when a start finds the index written in an older form (ADR 0319).
 */
export const reindexLibrary = defineJob("library.reindex", z.object({}));

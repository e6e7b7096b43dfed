import { z } from "zod";
import { defineJob } from "../jobs/define.ts";

/**
 * Brings one rebuttal's search document in step with Postgres (add, update, or remove when
 * retracted). Enqueued in the transaction that publishes, updates or retracts it.
 */
export const indexRebuttal = defineJob(
  "library.index-rebuttal",
  z.object({ rebuttalId: z.string().uuid() }),
);

/** The same for a batch (an import that could not reach Meilisearch leaves these behind). */
export const indexRebuttals = defineJob(
  "library.index-rebuttals",
  z.object({ rebuttalIds: z.array(z.string().uuid()).min(1).max(5000) }),
);

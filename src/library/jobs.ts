import { z } from "zod";
import { defineJob } from "../jobs/define.ts";

/**
 * Brings one rebuttal's search document in step with Postgres (add, update, or remove when
 * retracted). Enqueued in the transaction that publishes, updates, retracts or imports it.
 */
export const indexRebuttal = defineJob(
  "library.index-rebuttal",
  z.object({ rebuttalId: z.string().uuid() }),
);

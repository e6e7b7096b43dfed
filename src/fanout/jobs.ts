import { z } from "zod";
import { defineJob } from "../jobs/define.ts";
import { channelOf } from "./channels/index.ts";

/** A staff event emailed to one person (data.notify.email). */
export const emailStaff = defineJob(
  "fanout.email-staff",
  z.object({ eventId: z.string().uuid(), userId: z.string().uuid() }),
  { maxAttempts: 10 },
);

/** The job key of a delivery: a redelivery or retry replaces a waiting job instead of adding one. */
export const deliveryJobKey = (deliveryId: string) => `delivery:${deliveryId}`;

/**
 * Recovers fan-out jobs locked by a worker that died (graphile-worker itself waits 4 hours):
 * fan-out tasks finish within seconds, so a lock older than `staleAfterMs` is a dead worker's.
 * Each run first schedules the next one, so a sweep killed midway does not stop the chain.
 */
export const sweepFanout = defineJob(
  "fanout.sweep",
  z.object({
    staleAfterMs: z.number().int().min(1000).default(60_000),
    everyMs: z.number().int().min(500).default(30_000),
  }),
  { maxAttempts: 3 },
);
export const SWEEP_JOB_KEY = "fanout.sweep";

/**
 * The job that sends one delivery, for `enqueueDeliveryJobs`: its channel's job and priority.
 * A channel with no module throws UnknownChannelError (nothing is enqueued).
 */
export function deliveryJob(channel: string, deliveryId: string, runAt?: Date) {
  const { job, priority } = channelOf(channel);
  return { task: job.name, deliveryId, runAt, maxAttempts: job.maxAttempts, priority };
}

import { z } from "zod";
import { defineJob } from "../jobs/define.ts";

/** Our own retry schedule re-enqueues; the queue's retries only cover crashes of the task. */
export const deliverWebhook = defineJob(
  "fanout.deliver-webhook",
  z.object({ deliveryId: z.string().uuid() }),
  { maxAttempts: 5 },
);
export const deliverEmail = defineJob(
  "fanout.deliver-email",
  z.object({ deliveryId: z.string().uuid() }),
  { maxAttempts: 5 },
);
/** A staff event emailed to one person (data.notify.email). */
export const emailStaff = defineJob(
  "fanout.email-staff",
  z.object({ eventId: z.string().uuid(), userId: z.string().uuid() }),
  { maxAttempts: 10 },
);

/** The job key of a delivery: a redelivery or retry replaces a waiting job instead of adding one. */
export const deliveryJobKey = (deliveryId: string) => `delivery:${deliveryId}`;

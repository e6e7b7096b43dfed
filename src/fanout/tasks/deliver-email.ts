import { task } from "../../jobs/task.ts";
import { deliverEmail } from "../jobs.ts";
import { sendEmail } from "../send-email.ts";

/** fanout.deliver-email: one message through the pooled mailer; retries re-enqueued. */
export const deliverEmailTask = task(deliverEmail, async ({ deliveryId }, { deps }) => {
  await sendEmail(deps, deliveryId);
});

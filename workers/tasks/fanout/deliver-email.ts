import { deliverEmail } from "../../../src/fanout/jobs.ts";
import { sendEmail } from "../../../src/services/fanout/send-email.ts";
import { task } from "../../task.ts";

/** fanout.deliver-email: one message through the pooled mailer; retries re-enqueued. */
export const deliverEmailTask = task(deliverEmail, async ({ deliveryId }, { deps }) => {
  await sendEmail(deps, deliveryId);
});

import { task } from "../../jobs/task.ts";
import { deliverWebhook } from "../jobs.ts";
import { sendWebhook } from "../send-webhook.ts";

/** fanout.deliver-webhook: one signed POST; retries are re-enqueued by the service. */
export const deliverWebhookTask = task(deliverWebhook, async ({ deliveryId }, { deps }) => {
  await sendWebhook(deps, deliveryId);
});

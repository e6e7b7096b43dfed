import { deliverWebhook } from "../../../src/fanout/jobs.ts";
import { sendWebhook } from "../../../src/services/fanout/send-webhook.ts";
import { task } from "../../task.ts";

/** fanout.deliver-webhook: one signed POST; retries are re-enqueued by the service. */
export const deliverWebhookTask = task(deliverWebhook, async ({ deliveryId }, { deps }) => {
  await sendWebhook(deps, deliveryId);
});

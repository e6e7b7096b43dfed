import { task } from "../../jobs/task.ts";
import { registeredChannels } from "../channels/index.ts";
import { deliver } from "../deliver.ts";

/**
 * fanout.deliver-<channel>: one task per registered channel, all running the shared flow
 * (send through the channel, then settle); made from the registry so a new channel needs no
 * task file. Retries are re-enqueued by settleAttempt.
 */
export const deliveryTasks = registeredChannels.map((channel) =>
  task(channel.job, async ({ deliveryId }, { deps }) => {
    await deliver(deps, deliveryId);
  }),
);

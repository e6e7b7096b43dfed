import type { Deps } from "../deps.ts";
import { channelOf } from "./channels/index.ts";
import { type DeliveryToSend, findDeliveryToSend, updateDelivery } from "./db/fanout.ts";
import { publicEnvelopeOf } from "./envelope.ts";
import { settleAttempt } from "./settle-attempt.ts";

/** Skips a delivery that is settled or whose subscription stopped; true when it should be sent. */
export async function ready(deps: Deps, d: DeliveryToSend): Promise<boolean> {
  if (d.status === "delivered" || d.status === "failed" || d.status === "dead") return false;
  if (d.subscriptionStatus === "active") return true;
  await updateDelivery(deps.sql, d.id, {
    status: "failed",
    attempted: false,
    lastError: d.deletedAt ? "订阅已删除" : "订阅已暂停或停用，恢复后可重新投递",
  });
  return false;
}

/**
 * Sends one delivery through its channel and settles it (retry, dead letter, pause).
 * Idempotent: a delivered delivery is not sent again.
 * @example await deliver(deps, deliveryId);
 */
export async function deliver(deps: Deps, deliveryId: string): Promise<void> {
  const d = await findDeliveryToSend(deps.sql, deliveryId);
  if (!d || !(await ready(deps, d))) return;
  const channel = channelOf(d.channel);
  const env = publicEnvelopeOf({ ...d, id: d.eventId });
  const started = performance.now();
  const outcome = await channel.send(deps, d, env);
  await settleAttempt(deps, d, outcome, Math.round(performance.now() - started));
}

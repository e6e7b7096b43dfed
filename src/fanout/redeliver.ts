import { appendAudit } from "../audit/append.ts";
import { assertAllowed } from "../auth/policy.ts";
import type { ServiceCtx } from "../context.ts";
import type { Sql } from "../db/client.ts";
import { AppError } from "../http/errors.ts";
import {
  deliveryIdsSince,
  enqueueDeliveryJobs,
  insertDeliveries,
  publicEventsSince,
  regionParents,
  resetDeliveries,
} from "./db/fanout.ts";
import { findDeliveryOwner } from "./db/fanout-log.ts";
import { eventFacts, matchesFilters, subscriptionFilters } from "./filters.ts";
import { deliveryJob } from "./jobs.ts";
import { loadOwnSubscription } from "./manage-subscription.ts";
import { canSeeDelivery } from "./policy.ts";

async function resetAndEnqueue(tx: Sql, ids: string[]) {
  const rows = await resetDeliveries(tx, ids);
  await enqueueDeliveryJobs(
    tx,
    rows.map((r) => deliveryJob(r.channel, r.id)),
  );
  return rows.length;
}

/** Sends one delivery again, whatever its state (receivers de-duplicate by event id). */
export async function redeliver({ deps, actor, meta }: ServiceCtx, { id }: { id: string }) {
  const d = await findDeliveryOwner(deps.sql, id);
  if (!d) throw new AppError("not_found", "投递记录不存在");
  assertAllowed(canSeeDelivery(actor, d));
  await deps.sql.begin(async (tx) => {
    await resetAndEnqueue(tx, [id]);
    await appendAudit(tx, {
      actor,
      action: "delivery.redelivered",
      object: { type: "delivery", id },
      meta,
    });
  });
  return { id, status: "pending" as const };
}

/**
 * Sends a subscription everything published since a time: deliveries that exist are reset,
 * matching events it never got (e.g. while paused) get new deliveries. The subscription must
 * be active.
 */
export async function redeliverSince(
  { deps, actor, meta }: ServiceCtx,
  { id: subscriptionId, since }: { id: string; since: Date },
) {
  const sub = await loadOwnSubscription(deps, actor, subscriptionId);
  if (sub.status !== "active") {
    throw new AppError("invalid_state", "订阅未启用，请先恢复订阅", { currentState: sub.status });
  }
  const filters = subscriptionFilters.parse(sub.filters);
  const [events, tree] = await Promise.all([
    publicEventsSince(deps.sql, since),
    regionParents(deps.sql),
  ]);
  const matching = events.filter((e) => matchesFilters(filters, eventFacts(e.type, e.data), tree));
  const count = await deps.sql.begin(async (tx) => {
    for (const e of matching) await insertDeliveries(tx, e.id, [sub]);
    const n = await resetAndEnqueue(tx, await deliveryIdsSince(tx, subscriptionId, since));
    await appendAudit(tx, {
      actor,
      action: "subscription.redelivered",
      object: { type: "subscription", id: subscriptionId },
      meta,
      data: { since: since.toISOString(), deliveries: n },
    });
    return n;
  });
  return { subscriptionId, since: since.toISOString(), deliveries: count };
}

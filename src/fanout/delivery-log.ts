import type { ServiceCtx } from "../context.ts";
import { type DeliveryLogFilter, listDeliveryLog } from "./db/fanout-log.ts";
import { deliveryScope } from "./policy.ts";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * The delivery log: one row per event × subscription with every attempt. Media see their
 * organisation's; coordinators and admins see all.
 * @example const { items, total } = await listDeliveries(ctx, { limit: 50, offset: 0 });
 */
export async function listDeliveries(
  { deps, actor }: ServiceCtx,
  filter: Omit<DeliveryLogFilter, "organisationId">,
) {
  const rows = await listDeliveryLog(deps.sql, { ...filter, ...deliveryScope(actor) });
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      eventId: r.eventId,
      eventType: r.eventType,
      seq: r.seq,
      subscriptionId: r.subscriptionId,
      organisationId: r.organisationId,
      channel: r.channel,
      target: r.target,
      status: r.status,
      attempts: r.attemptsLog,
      attemptCount: r.attempts,
      nextAttemptAt: iso(r.nextAttemptAt),
      lastAttemptAt: iso(r.lastAttemptAt),
      deliveredAt: iso(r.deliveredAt),
      lastStatus: r.lastStatus,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

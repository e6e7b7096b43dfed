import type { Deps } from "../deps.ts";
import { findEvent } from "../events/db.ts";
import { isStaffEnvelope } from "../events/envelope.ts";
import type { StaffNotify } from "../events/staff-data.ts";
import { enqueue } from "../jobs/define.ts";
import { enqueueDeliveryJobs, insertDeliveries, regionParents } from "./db/fanout.ts";
import { activeSubscriptions } from "./db/fanout-subscriptions.ts";
import { envelopeOf } from "./envelope.ts";
import { eventFacts, matchesFilters, subscriptionFilters } from "./filters.ts";
import { deliveryJob, emailStaff } from "./jobs.ts";

/**
 * Fans one event out: for a public event, one delivery (and one job) per matching active
 * subscription, created in one transaction; for a staff event, one email job per person to
 * notify by email. Sockets get events straight from the events table's NOTIFY (see ADR 0050).
 * Safe to run twice: existing deliveries are neither duplicated nor re-enqueued.
 * @example const { deliveries } = await fanOutEvent(deps, eventId);
 */
export async function fanOutEvent(deps: Deps, eventId: string): Promise<{ deliveries: number }> {
  const row = await findEvent(deps.sql, eventId);
  if (!row) {
    deps.log.warn({ eventId }, "fan-out: event not found");
    return { deliveries: 0 };
  }
  const event = envelopeOf(row);
  if (isStaffEnvelope(event)) {
    await enqueueStaffEmails(deps, event.id, event.data);
    return { deliveries: 0 };
  }
  const [subs, tree] = await Promise.all([activeSubscriptions(deps.sql), regionParents(deps.sql)]);
  const facts = eventFacts(event.type, event.data);
  const matching = subs.filter((s) => {
    const filters = subscriptionFilters.safeParse(s.filters);
    if (!filters.success)
      deps.log.warn({ subscriptionId: s.id }, "fan-out: stored filters invalid");
    return filters.success && matchesFilters(filters.data, facts, tree);
  });
  const created = await deps.sql.begin(async (tx) => {
    const rows = await insertDeliveries(tx, event.id, matching);
    await enqueueDeliveryJobs(
      tx,
      rows.map((r) => deliveryJob(r.channel, r.id)),
    );
    return rows.length;
  });
  return { deliveries: created };
}

async function enqueueStaffEmails(deps: Deps, eventId: string, data: StaffNotify) {
  const notify = data.notify;
  if (!notify.email || !notify.userIds.length) return;
  await deps.sql.begin(async (tx) => {
    for (const userId of notify.userIds) {
      await enqueue(
        tx,
        emailStaff,
        { eventId, userId },
        { jobKey: `staff-email:${eventId}:${userId}` },
      );
    }
  });
}

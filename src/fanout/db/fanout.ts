import type { Sql } from "../../db/client.ts";
import type { Channel } from "../../vocabulary/channels.ts";

/** Delivery rows and their attempts. Subscriptions: fanout-subscriptions.ts. */

export type DeliveryStatus = "pending" | "retrying" | "delivered" | "failed" | "dead";

/** code → parent code of every region (GB/T 2260 tree). */
export async function regionParents(sql: Sql): Promise<Map<string, string | null>> {
  const rows = await sql<{ code: string; parentCode: string | null }[]>`
    select code, parent_code from regions`;
  return new Map(rows.map((r) => [r.code, r.parentCode]));
}

/** Creates one delivery per subscription; existing ones are kept (at-least-once fan-out). */
export async function insertDeliveries(
  sql: Sql,
  eventId: string,
  subs: { id: string; channel: string }[],
) {
  if (subs.length === 0) return [];
  return sql<{ id: string; channel: string }[]>`
    insert into deliveries (event_id, subscription_id, channel)
    select ${eventId}, s.id, s.channel
    from unnest(${subs.map((s) => s.id)}::uuid[], ${subs.map((s) => s.channel)}::text[]) as s(id, channel)
    on conflict (event_id, subscription_id) do nothing
    returning id, channel`;
}

/**
 * Enqueues one job per delivery with graphile-worker's batch `add_jobs` (one statement for
 * hundreds of jobs); the job key makes a second job for a delivery replace a waiting one.
 */
export async function enqueueDeliveryJobs(
  sql: Sql,
  jobs: { task: string; deliveryId: string; runAt?: Date; maxAttempts: number; priority: number }[],
) {
  if (jobs.length === 0) return;
  await sql`
    select graphile_worker.add_jobs(array(
      select row(j.task, json_build_object('deliveryId', j.id), null,
                 coalesce(j.run_at::timestamptz, now()), j.max_attempts, 'delivery:' || j.id,
                 j.priority, null)::graphile_worker.job_spec
      from unnest(${jobs.map((j) => j.task)}::text[], ${jobs.map((j) => j.deliveryId)}::text[],
                  ${jobs.map((j) => j.runAt?.toISOString() ?? null) as never}::text[],
                  ${jobs.map((j) => j.maxAttempts)}::int[], ${jobs.map((j) => j.priority)}::int[])
        with ordinality as j(task, id, run_at, max_attempts, priority, n)
      order by j.n))`;
}

/** A delivery with what sending it needs: the subscription and the event. */
export async function findDeliveryToSend(sql: Sql, id: string) {
  const [row] = await sql`
    select d.id, d.status, d.attempts, d.channel, d.event_id, d.subscription_id,
           s.organisation_id, s.target, s.secret, s.previous_secret, s.previous_secret_expires_at,
           s.status as subscription_status, s.unsubscribe_key, s.deleted_at,
           e.seq, e.type, e.occurred_at, e.data, e.drill
    from deliveries d
    join subscriptions s on s.id = d.subscription_id
    join events e on e.id = d.event_id
    where d.id = ${id}`;
  return row as DeliveryToSend | undefined;
}
export interface DeliveryToSend {
  id: string;
  status: DeliveryStatus;
  attempts: number;
  channel: Channel;
  eventId: string;
  subscriptionId: string;
  organisationId: string;
  target: string;
  secret: string | null;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  subscriptionStatus: string;
  unsubscribeKey: string | null;
  deletedAt: Date | null;
  seq: number | null;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  drill: boolean;
}

export async function insertAttempt(
  sql: Sql,
  a: {
    deliveryId: string;
    durationMs: number;
    statusCode?: number;
    response?: string;
    error?: string;
  },
) {
  await sql`
    insert into delivery_attempts (delivery_id, duration_ms, status_code, response, error)
    values (${a.deliveryId}, ${a.durationMs}, ${a.statusCode ?? null}, ${a.response ?? null},
            ${a.error ?? null})`;
}

/** Sets a delivery's outcome after an attempt (or a decision not to attempt). */
export async function updateDelivery(
  sql: Sql,
  id: string,
  u: {
    status: DeliveryStatus;
    attempted: boolean;
    nextAttemptAt?: Date | null;
    lastStatus?: string | null;
    lastError?: string | null;
  },
) {
  await sql`
    update deliveries set
      status = ${u.status},
      attempts = attempts + ${u.attempted ? 1 : 0},
      last_attempt_at = case when ${u.attempted} then now() else last_attempt_at end,
      next_attempt_at = ${u.nextAttemptAt ?? null},
      delivered_at = case when ${u.status} = 'delivered' then now() else delivered_at end,
      last_status = ${u.lastStatus ?? null},
      last_error = ${u.lastError ?? null}
    where id = ${id}`;
}

/** Announces that an event's delivery progress changed (socket servers push it to /staff). */
export async function notifyProgress(sql: Sql, eventId: string) {
  await sql`select pg_notify('chorus_progress', ${eventId})`;
}

/** Per channel and status, how many deliveries of an event there are. */
export async function deliveryCounts(sql: Sql, eventId: string) {
  return sql<{ channel: string; status: DeliveryStatus; count: number }[]>`
    select channel, status, count(*)::int as count from deliveries
    where event_id = ${eventId} group by channel, status`;
}

/** Resets deliveries for another round of attempts (redelivery); returns those reset. */
export async function resetDeliveries(sql: Sql, ids: string[]) {
  if (ids.length === 0) return [];
  return sql<{ id: string; channel: string }[]>`
    update deliveries set status = 'pending', next_attempt_at = now(), attempts = 0
    where id = any(${ids}::uuid[]) returning id, channel`;
}

/** Deliveries to a subscription of the events that occurred since a time, for redelivery. */
export async function deliveryIdsSince(sql: Sql, subscriptionId: string, since: Date) {
  const rows = await sql<{ id: string }[]>`
    select d.id from deliveries d join events e on e.id = d.event_id
    where d.subscription_id = ${subscriptionId} and e.occurred_at >= ${since}
    order by e.seq`;
  return rows.map((r) => r.id);
}

/** Public events that occurred since a time, oldest first (redelivery after an outage). */
export async function publicEventsSince(sql: Sql, since: Date, limit = 5000) {
  return sql<{ id: string; type: string; data: Record<string, unknown> }[]>`
    select id, type, data from events
    where seq is not null and occurred_at >= ${since} order by seq limit ${limit}`;
}

/** The highest public seq committed so far (0 when none). */
export async function maxPublicSeq(sql: Sql): Promise<number> {
  const [row] = await sql`select coalesce(max(seq), 0)::int8 as seq from events`;
  return row!.seq as number;
}

/** Releases jobs of these tasks (and their queues) locked longer than `staleAfterMs`: their worker died. */
export async function unlockStaleJobs(sql: Sql, tasks: string[], staleAfterMs: number) {
  const stale = staleAfterMs / 1000;
  const rows = await sql`
    update graphile_worker._private_jobs j
    set locked_at = null, locked_by = null, run_at = greatest(j.run_at, now())
    from graphile_worker._private_tasks t
    where t.id = j.task_id and t.identifier = any(${tasks}::text[])
      and j.locked_at < now() - make_interval(secs => ${stale})
    returning j.id`;
  await sql`
    update graphile_worker._private_job_queues set locked_at = null, locked_by = null
    where queue_name like 'fanout-%' and locked_at < now() - make_interval(secs => ${stale})`;
  return rows.length;
}

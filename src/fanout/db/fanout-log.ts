import type { Sql } from "../../db/client.ts";

export interface DeliveryLogFilter {
  organisationId?: string;
  eventId?: string;
  subscriptionId?: string;
  status?: string;
  limit: number;
  offset: number;
}

/** Deliveries, newest first, each with every attempt (the delivery log). */
export async function listDeliveryLog(sql: Sql, f: DeliveryLogFilter) {
  const rows = await sql`
    select d.id, d.event_id, d.subscription_id, s.organisation_id, d.channel, s.target, d.status,
           d.attempts, d.next_attempt_at, d.last_attempt_at, d.delivered_at, d.last_status,
           d.last_error, d.created_at, e.seq, e.type as event_type,
           coalesce((select json_agg(json_build_object(
               'attemptedAt', a.attempted_at, 'durationMs', a.duration_ms,
               'statusCode', a.status_code, 'response', a.response, 'error', a.error)
             order by a.id)
             from delivery_attempts a where a.delivery_id = d.id), '[]') as attempts_log,
           count(*) over () as total
    from deliveries d
    join subscriptions s on s.id = d.subscription_id
    join events e on e.id = d.event_id
    where (${f.organisationId ?? null}::uuid is null or s.organisation_id = ${f.organisationId ?? null})
      and (${f.eventId ?? null}::uuid is null or d.event_id = ${f.eventId ?? null})
      and (${f.subscriptionId ?? null}::uuid is null or d.subscription_id = ${f.subscriptionId ?? null})
      and (${f.status ?? null}::text is null or d.status = ${f.status ?? null})
    order by d.created_at desc, d.id
    limit ${f.limit} offset ${f.offset}`;
  return rows as unknown as DeliveryLogRow[];
}

export interface DeliveryLogRow {
  id: string;
  eventId: string;
  subscriptionId: string;
  organisationId: string;
  channel: string;
  target: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  lastStatus: string | null;
  lastError: string | null;
  createdAt: Date;
  seq: number | null;
  eventType: string;
  attemptsLog: {
    attemptedAt: string;
    durationMs: number;
    statusCode: number | null;
    response: string | null;
    error: string | null;
  }[];
  total: number;
}

/** A delivery's owner, for the policy check before a redelivery. */
export async function findDeliveryOwner(sql: Sql, id: string) {
  const [row] = await sql<{ id: string; organisationId: string; subscriptionId: string }[]>`
    select d.id, s.organisation_id, d.subscription_id
    from deliveries d join subscriptions s on s.id = d.subscription_id where d.id = ${id}`;
  return row;
}

/** Whether an event exists and is public (has a seq). */
export async function publicEventExists(sql: Sql, id: string): Promise<boolean> {
  const rows = await sql`select 1 from events where id = ${id} and seq is not null`;
  return rows.length > 0;
}

/**
 * The alert-grade rule, written only here: a public message becomes a CAP alert when it is
 * protective guidance or of urgency 1–2 (特别重大/重大).
 */
const alertGrade = (sql: Sql) =>
  sql`(data #>> '{rebuttal,kind}' = 'guidance' or (data #>> '{rebuttal,urgency}')::int <= 2)`;

/** Recent alert-grade public events, newest first, for the CAP feed. */
export async function alertGradeEvents(sql: Sql, limit: number) {
  return sql<
    {
      id: string;
      seq: number;
      type: string;
      occurredAt: Date;
      data: Record<string, unknown>;
      drill: boolean;
      rebuttalId: string | null;
    }[]
  >`
    select id, seq, type, occurred_at, data, drill, rebuttal_id from events
    where seq is not null and ${alertGrade(sql)}
    order by seq desc limit ${limit}`;
}

/** Every public event of these rebuttals (only alert-grade ones for CAP `references`), oldest first. */
export async function eventsOfRebuttals(
  sql: Sql,
  rebuttalIds: string[],
  opts: { alertGradeOnly?: boolean } = {},
) {
  return sql<
    {
      id: string;
      seq: number;
      type: string;
      occurredAt: Date;
      data: Record<string, unknown>;
      rebuttalId: string;
    }[]
  >`
    select id, seq, type, occurred_at, data, rebuttal_id from events
    where seq is not null and rebuttal_id = any(${rebuttalIds}::uuid[])
      ${opts.alertGradeOnly ? sql`and ${alertGrade(sql)}` : sql``}
    order by seq`;
}

export async function regionNames(sql: Sql): Promise<Map<string, string>> {
  const rows = await sql<{ code: string; name: string }[]>`select code, name from regions`;
  return new Map(rows.map((r) => [r.code, r.name]));
}

import type { Sql } from "../../db/client.ts";
import type { Channel } from "../../vocabulary/channels.ts";
import type { SubscriptionFilters } from "../filters.ts";

export interface SubscriptionRow {
  id: string;
  organisationId: string;
  channel: Channel;
  target: string;
  filters: SubscriptionFilters;
  status: "active" | "paused" | "disabled";
  statusReason: string | null;
  consecutiveFailures: number;
  failingSince: Date | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const columns = (sql: Sql) => sql`
  id, organisation_id, channel, target, filters, status, status_reason, consecutive_failures,
  failing_since, previous_secret_expires_at, created_at, updated_at`;

export async function insertSubscription(
  sql: Sql,
  s: {
    organisationId: string;
    channel: string;
    target: string;
    filters: SubscriptionFilters;
    secret: string | null;
    unsubscribeKey: string | null;
    createdBy: string | null;
  },
): Promise<SubscriptionRow> {
  const [row] = await sql`
    insert into subscriptions (organisation_id, channel, target, filters, secret, unsubscribe_key, created_by)
    values (${s.organisationId}, ${s.channel}, ${s.target}, ${sql.json(s.filters as never)},
            ${s.secret}, ${s.unsubscribeKey}, ${s.createdBy})
    returning ${columns(sql)}`;
  return row as SubscriptionRow;
}

/** A subscription that is not deleted, with its unsubscribe key (never shown to callers). */
export async function findSubscription(sql: Sql, id: string) {
  const [row] = await sql`
    select ${columns(sql)}, unsubscribe_key from subscriptions
    where id = ${id} and deleted_at is null`;
  return row as (SubscriptionRow & { unsubscribeKey: string | null }) | undefined;
}

/** Subscriptions of one organisation, or of all when organisationId is undefined. */
export async function listSubscriptions(sql: Sql, organisationId: string | undefined) {
  return sql<SubscriptionRow[]>`
    select ${columns(sql)} from subscriptions
    where deleted_at is null
      and (${organisationId ?? null}::uuid is null or organisation_id = ${organisationId ?? null})
    order by created_at`;
}

/** Every active subscription with its filters, for matching an event. */
export async function activeSubscriptions(sql: Sql) {
  return sql<{ id: string; channel: string; filters: unknown }[]>`
    select id, channel, filters from subscriptions where status = 'active'`;
}

export async function updateSubscriptionRow(
  sql: Sql,
  id: string,
  u: {
    target?: string;
    filters?: SubscriptionFilters;
    status?: string;
    statusReason?: string | null;
  },
): Promise<SubscriptionRow> {
  const [row] = await sql`
    update subscriptions set
      target = coalesce(${u.target ?? null}, target),
      filters = coalesce(${u.filters ? sql.json(u.filters as never) : null}, filters),
      status = coalesce(${u.status ?? null}, status),
      status_reason = case when ${u.status ?? null}::text is null then status_reason
                           else ${u.statusReason ?? null} end,
      consecutive_failures = case when ${u.status ?? null} = 'active' then 0 else consecutive_failures end,
      failing_since = case when ${u.status ?? null} = 'active' then null else failing_since end,
      paused_at = case when ${u.status ?? null} = 'paused' then now()
                       when ${u.status ?? null} = 'active' then null else paused_at end,
      updated_at = now()
    where id = ${id}
    returning ${columns(sql)}`;
  return row as SubscriptionRow;
}

/** Deleted subscriptions stop receiving but keep their delivery log. */
export async function markSubscriptionDeleted(sql: Sql, id: string) {
  await sql`
    update subscriptions set deleted_at = now(), status = 'disabled', status_reason = '已删除',
      updated_at = now()
    where id = ${id}`;
}

/** Makes `secret` current and keeps the old one valid until `previousUntil`. */
export async function rotateSecret(sql: Sql, id: string, secret: string, previousUntil: Date) {
  await sql`
    update subscriptions set previous_secret = secret, secret = ${secret},
      previous_secret_expires_at = ${previousUntil}, updated_at = now()
    where id = ${id}`;
}

/** A successful delivery clears the failure streak. */
export async function noteSubscriptionSuccess(sql: Sql, id: string) {
  await sql`
    update subscriptions set consecutive_failures = 0, failing_since = null
    where id = ${id} and (consecutive_failures <> 0 or failing_since is not null)`;
}

export async function noteSubscriptionFailure(sql: Sql, id: string) {
  await sql`
    update subscriptions set consecutive_failures = consecutive_failures + 1,
      failing_since = coalesce(failing_since, now())
    where id = ${id}`;
}

/** Pauses or disables an active subscription; false when it was not active any more. */
export async function stopSubscription(
  sql: Sql,
  id: string,
  status: "paused" | "disabled",
  reason: string,
): Promise<boolean> {
  const rows = await sql`
    update subscriptions set status = ${status}, status_reason = ${reason},
      paused_at = case when ${status} = 'paused' then now() else paused_at end, updated_at = now()
    where id = ${id} and status = 'active' returning id`;
  return rows.length > 0;
}

/** Email addresses of an organisation's active media users (told when a subscription stops). */
export async function organisationMediaEmails(sql: Sql, organisationId: string) {
  const rows = await sql<{ email: string }[]>`
    select email from users
    where organisation_id = ${organisationId} and active and 'media' = any(roles)`;
  return rows.map((r) => r.email);
}

/** A person's address and whether they are still active (staff event emails). */
export async function findUserEmail(sql: Sql, userId: string) {
  const [row] = await sql<{ email: string; active: boolean }[]>`
    select email, active from users where id = ${userId}`;
  return row;
}

/** Which of these category slugs and region codes do not exist. */
export async function referenceCheck(sql: Sql, categories: string[], regions: string[]) {
  const [row] = await sql<{ categories: string[]; regions: string[] }[]>`
    select
      array(select c from unnest(${categories}::text[]) c
            where not exists (select 1 from categories where slug = c)) as categories,
      array(select r from unnest(${regions}::text[]) r
            where not exists (select 1 from regions where code = r)) as regions`;
  return row!;
}

export async function organisationExists(sql: Sql, id: string): Promise<boolean> {
  const rows = await sql`select 1 from organisations where id = ${id}`;
  return rows.length > 0;
}

/** The secrets that sign a subscription's webhooks now (the previous one during rotation). */
export async function subscriptionSecrets(sql: Sql, id: string, now: Date): Promise<string[]> {
  const [row] = await sql<{ secret: string | null; previous: string | null }[]>`
    select secret,
           case when previous_secret_expires_at > ${now} then previous_secret end as previous
    from subscriptions where id = ${id}`;
  return [row?.secret, row?.previous].filter((s): s is string => Boolean(s));
}

import type { Sql } from "../../db/client.ts";
import type { TopicKind, TopicState } from "../../vocabulary/topic-kinds.ts";

export interface TopicRow {
  id: string;
  slug: string;
  name: string;
  kind: TopicKind;
  summary: string;
  regions: string[];
  categories: string[];
  startsAt: Date;
  endsAt: Date | null;
  drill: boolean;
  status: TopicState;
  createdBy: string | null;
  closedBy: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const columns = (sql: Sql) => sql`
  t.id, t.slug, t.name, t.kind, t.summary, t.regions, t.categories, t.starts_at, t.ends_at,
  t.drill, t.status, t.created_by, t.closed_by, t.closed_at, t.created_at, t.updated_at`;

export interface NewTopic {
  slug: string;
  name: string;
  kind: TopicKind;
  summary: string;
  regions: string[];
  categories: string[];
  startsAt: Date;
  endsAt: Date | null;
  drill: boolean;
  createdBy: string;
  now: Date;
}

/** Inserts a topic; undefined when the slug is taken. */
export async function insertTopic(sql: Sql, t: NewTopic): Promise<TopicRow | undefined> {
  const [row] = await sql`
    insert into topics as t (slug, name, kind, summary, regions, categories, starts_at, ends_at,
                             drill, created_by, created_at, updated_at)
    values (${t.slug}, ${t.name}, ${t.kind}, ${t.summary}, ${t.regions}, ${t.categories},
            ${t.startsAt}, ${t.endsAt}, ${t.drill}, ${t.createdBy}, ${t.now}, ${t.now})
    on conflict (slug) do nothing
    returning ${columns(sql)}`;
  return row as TopicRow | undefined;
}

/** One topic by id or slug, optionally locked for the rest of the transaction. */
export async function findTopic(sql: Sql, idOrSlug: string, opts: { lock?: boolean } = {}) {
  const byId = /^[0-9a-f-]{36}$/.test(idOrSlug);
  const [row] = await sql`
    select ${columns(sql)} from topics t
    where ${byId ? sql`t.id = ${idOrSlug}::uuid` : sql`t.slug = ${idOrSlug}`}
    ${opts.lock ? sql`for update` : sql``}`;
  return row as TopicRow | undefined;
}

/** Topics, newest start first; `status` narrows, `publicOnly` leaves drills out. */
export async function listTopicRows(
  sql: Sql,
  f: { status?: TopicState; publicOnly?: boolean; limit: number },
) {
  return sql<TopicRow[]>`
    select ${columns(sql)} from topics t
    where true ${f.status ? sql`and t.status = ${f.status}` : sql``}
      ${f.publicOnly ? sql`and not t.drill` : sql``}
    order by t.starts_at desc, t.id limit ${f.limit}`;
}

/** Open, non-drill topics whose period covers `at`: the ones the public home announces. */
export async function activeTopicRows(sql: Sql, at: Date) {
  return sql<TopicRow[]>`
    select ${columns(sql)} from topics t
    where t.status = 'open' and not t.drill and t.starts_at <= ${at}
      and (t.ends_at is null or t.ends_at > ${at})
    order by t.starts_at desc limit 5`;
}

export interface TopicChanges {
  name?: string;
  summary?: string;
  regions?: string[];
  categories?: string[];
  startsAt?: Date;
  endsAt?: Date | null;
}

/** Applies the given fields (absent ones stay). */
export async function updateTopicRow(sql: Sql, id: string, ch: TopicChanges, now: Date) {
  const [row] = await sql`
    update topics t set
      name = coalesce(${ch.name ?? null}, t.name),
      summary = coalesce(${ch.summary ?? null}, t.summary),
      regions = coalesce(${ch.regions ?? null}::text[], t.regions),
      categories = coalesce(${ch.categories ?? null}::text[], t.categories),
      starts_at = coalesce(${ch.startsAt ?? null}, t.starts_at),
      ends_at = ${ch.endsAt === undefined ? sql`t.ends_at` : sql`${ch.endsAt}`},
      updated_at = ${now}
    where t.id = ${id}
    returning ${columns(sql)}`;
  return row as TopicRow;
}

/** Closes a topic; its period ends now unless it already ended. */
export async function closeTopicRow(sql: Sql, id: string, by: string, now: Date) {
  const [row] = await sql`
    update topics t set status = 'closed', closed_by = ${by}, closed_at = ${now},
      ends_at = case when t.ends_at is null or t.ends_at > ${now}
                     then greatest(${now}, t.starts_at + interval '1 second') else t.ends_at end,
      updated_at = ${now}
    where t.id = ${id}
    returning ${columns(sql)}`;
  return row as TopicRow;
}

/** Names of region codes, in the order given (unknown codes keep their code). */
export async function regionNames(sql: Sql, codes: string[]) {
  const rows = await sql<{ code: string; name: string }[]>`
    select code, name from regions where code = any(${codes}::text[])`;
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return codes.map((c) => names.get(c) ?? c);
}

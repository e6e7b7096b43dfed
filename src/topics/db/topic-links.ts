import type { Sql } from "../../db/client.ts";

/** Attaches cases (idempotent); `by` null means attached automatically. */
export async function attachCases(sql: Sql, topicId: string, caseIds: string[], by: string | null) {
  if (caseIds.length === 0) return;
  await sql`
    insert into topic_cases (topic_id, case_id, attached_by)
    select ${topicId}, unnest(${caseIds}::uuid[]), ${by}
    on conflict do nothing`;
}

export async function detachCases(sql: Sql, topicId: string, caseIds: string[]) {
  if (caseIds.length === 0) return;
  await sql`delete from topic_cases where topic_id = ${topicId} and case_id = any(${caseIds}::uuid[])`;
}

export async function attachRebuttals(sql: Sql, topicId: string, ids: string[], by: string) {
  if (ids.length === 0) return;
  await sql`
    insert into topic_rebuttals (topic_id, rebuttal_id, attached_by)
    select ${topicId}, unnest(${ids}::uuid[]), ${by}
    on conflict do nothing`;
}

export async function detachRebuttals(sql: Sql, topicId: string, ids: string[]) {
  if (ids.length === 0) return;
  await sql`delete from topic_rebuttals where topic_id = ${topicId} and rebuttal_id = any(${ids}::uuid[])`;
}

/** The ids among `ids` that name no case (or no rebuttal). */
export async function missingIds(sql: Sql, table: "cases" | "rebuttals", ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await sql<{ id: string }[]>`
    select x.id from unnest(${ids}::uuid[]) as x(id)
    where not exists (select 1 from ${sql(table)} t where t.id = x.id)`;
  return rows.map((r) => r.id);
}

/**
 * The newest open topic (same drill flag) whose period covers `at`, whose regions contain the
 * region or one of its parents (a county matches its prefecture and the province), and whose
 * categories are empty or include the category (a case without one matches on region alone).
 */
export async function matchingOpenTopic(
  sql: Sql,
  c: { regionCode: string; category: string | null; drill: boolean; at: Date },
) {
  const [row] = await sql<{ id: string }[]>`
    with recursive up (code) as (
      select ${c.regionCode}::text
      union
      select r.parent_code from regions r join up on r.code = up.code where r.parent_code is not null
    )
    select t.id from topics t
    where t.status = 'open' and t.drill = ${c.drill} and t.starts_at <= ${c.at}
      and (t.ends_at is null or t.ends_at > ${c.at})
      and t.regions && array(select code from up)
      and (${c.category}::text is null or cardinality(t.categories) = 0
           or ${c.category}::text = any(t.categories))
    order by t.starts_at desc, t.id limit 1`;
  return row?.id;
}

/** The slugs and names of the topics a rebuttal belongs to (directly or through its case). */
export async function topicsOfRebuttal(sql: Sql, rebuttalId: string) {
  return sql<{ slug: string; name: string }[]>`
    select t.slug, t.name from topics t
    where t.id in (
      select tr.topic_id from topic_rebuttals tr where tr.rebuttal_id = ${rebuttalId}
      union
      select tc.topic_id from topic_cases tc join rebuttals r on r.case_id = tc.case_id
      where r.id = ${rebuttalId})
    order by t.starts_at, t.slug`;
}

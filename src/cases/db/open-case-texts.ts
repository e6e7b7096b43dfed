import type { Sql } from "../../db/client.ts";
import { COMPARED_CHARS } from "../similarity.ts";

/** How many of a case's latest reports intake compares a report with. */
const PER_CASE = 10;

export interface CaseText {
  caseId: string;
  text: string;
}

const isOpen = (sql: Sql) =>
  sql`c.status in ('new', 'triaged', 'drafting', 'in_review') and not c.drill`;

/** Every open case's texts: its folded title/description and its latest reports. */
const allTexts = (sql: Sql) => sql`
  select c.id as case_id, left(c.match_norm, ${COMPARED_CHARS}) as text from cases c
  where ${isOpen(sql)} and c.match_norm <> ''
  union all
  select r.case_id, left(r.text_norm, ${COMPARED_CHARS}) from cases c
  cross join lateral (
    select case_id, text_norm from reports
    where case_id = c.id and text_norm <> '' order by created_at desc limit ${PER_CASE}
  ) r
  where ${isOpen(sql)}`;

/**
 * The open cases' texts holding one of the `wanted` shingle hashes (GIN `&&`, migration 0197),
 * or without hashes; a report's text counts while it is among its case's latest.
 */
const textsSharing = (sql: Sql, wanted: number[]) => sql`
  select c.id as case_id, left(c.match_norm, ${COMPARED_CHARS}) as text from cases c
  where ${isOpen(sql)} and c.match_norm <> ''
    and (c.shingle_hashes && ${wanted}::int4[] or c.shingle_hashes is null)
  union all
  select r.case_id, left(r.text_norm, ${COMPARED_CHARS}) from (
    select id, case_id, text_norm from reports
    where case_id is not null and shingle_hashes && ${wanted}::int4[]
    union
    select id, case_id, text_norm from reports
    where case_id is not null and shingle_hashes is null
  ) r join cases c on c.id = r.case_id
  where ${isOpen(sql)} and r.text_norm <> ''
    and r.id in (select x.id from reports x where x.case_id = r.case_id and x.text_norm <> ''
                 order by x.created_at desc limit ${PER_CASE})`;

/** The texts of the cases listed in the query's `ch` that are still open. */
const textsOfChanged = (sql: Sql) => sql`
  select c.id as case_id, left(c.match_norm, ${COMPARED_CHARS}) as text from cases c
  where ${isOpen(sql)} and c.match_norm <> '' and c.id in (select id from ch)
  union all
  select r.case_id, left(r.text_norm, ${COMPARED_CHARS}) from cases c
  cross join lateral (
    select case_id, text_norm from reports
    where case_id = c.id and text_norm <> '' order by created_at desc limit ${PER_CASE}
  ) r
  where ${isOpen(sql)} and c.id in (select id from ch)`;

/**
 * The open, non-drill cases' texts (only those that may share a `wanted` hash, when given), and
 * the snapshot they were read in (`pg_current_snapshot`), so that a later reading can take only
 * what changed since (`changedCaseTexts`).
 */
export async function openCaseTexts(
  sql: Sql,
  wanted?: number[],
): Promise<{ snapshot: string; texts: CaseText[] }> {
  const texts = wanted ? textsSharing(sql, wanted) : allTexts(sql);
  const rows = await sql<{ snapshot: string; caseId: string | null; text: string | null }[]>`
    with t as (${texts})
    select pg_current_snapshot()::text as snapshot, t.case_id, t.text
    from (select 1) one left join t on true`;
  return {
    snapshot: rows[0]!.snapshot,
    texts: rows.filter((r) => r.caseId !== null) as CaseText[],
  };
}

/**
 * Cases changed (a case's text, state or drill flag; a report added, moved or re-read) by
 * transactions that `snapshot` did not see (migration 0196), with the texts of those still open;
 * a changed case that is no longer open comes with no texts.
 */
export async function changedCaseTexts(
  sql: Sql,
  snapshot: string,
): Promise<{ changed: Set<string>; texts: CaseText[] }> {
  const xmin = snapshot.split(":")[0]!;
  const rows = await sql<{ caseId: string; text: string | null; changed: boolean }[]>`
    with ch as (
      select c.id from cases c
      where c.intake_xid >= ${xmin}::xid8
        and not pg_visible_in_snapshot(c.intake_xid, ${snapshot}::pg_snapshot)
      union
      select r.case_id from reports r
      where r.intake_xid >= ${xmin}::xid8 and r.case_id is not null
        and not pg_visible_in_snapshot(r.intake_xid, ${snapshot}::pg_snapshot)
    ), t as (${textsOfChanged(sql)})
    select ch.id as case_id, null as text, true as changed from ch
    union all
    select case_id, text, false from t`;
  return {
    changed: new Set(rows.filter((r) => r.changed).map((r) => r.caseId)),
    texts: rows.filter((r) => !r.changed) as CaseText[],
  };
}

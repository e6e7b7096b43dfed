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

/**
 * Open cases' texts: their folded title/description and latest reports; with `wanted`, only of
 * the cases whose texts hold one of those shingle hashes (GIN `&&`, migration 0197) or are unknown.
 */
const openTexts = (sql: Sql, wanted: number[] | undefined) => {
  const sharing = wanted
    ? sql`and (c.shingle_hashes && ${wanted}::int4[] or c.shingle_hashes is null)`
    : sql``;
  return sql`
    select c.id as case_id, left(c.match_norm, ${COMPARED_CHARS}) as text from cases c
    where ${isOpen(sql)} and c.match_norm <> '' ${sharing}
    union all
    select r.case_id, left(r.text_norm, ${COMPARED_CHARS}) from cases c
    cross join lateral (
      select case_id, text_norm from reports
      where case_id = c.id and text_norm <> '' order by created_at desc limit ${PER_CASE}
    ) r
    where ${isOpen(sql)} ${sharing}`;
};

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
  const texts = openTexts(sql, wanted);
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

import type { Sql } from "../../db/client.ts";

/** How much of each open case intake compares a report with (the head of a forward carries its claim). */
const PER_CASE = 10;
const MAX_CHARS = 1500;

export interface CaseText {
  caseId: string;
  text: string;
}

/**
 * The texts of open cases (all, or with `changed` those in the query's `ch`): folded
 * title/description and latest reports.
 */
const textsOf = (sql: Sql, changed: boolean) => {
  const which = changed ? sql`and c.id in (select id from ch)` : sql``;
  return sql`
    select c.id as case_id, left(c.match_norm, ${MAX_CHARS}) as text from cases c
    where c.status in ('new', 'triaged', 'drafting', 'in_review') and not c.drill
      and c.match_norm <> '' ${which}
    union all
    select r.case_id, left(r.text_norm, ${MAX_CHARS}) from cases c
    cross join lateral (
      select case_id, text_norm from reports
      where case_id = c.id and text_norm <> '' order by created_at desc limit ${PER_CASE}
    ) r
    where c.status in ('new', 'triaged', 'drafting', 'in_review') and not c.drill ${which}`;
};

/**
 * Every open, non-drill case's texts, and the snapshot they were read in (`pg_current_snapshot`),
 * so that a later reading can take only what changed since (`changedCaseTexts`).
 */
export async function openCaseTexts(sql: Sql): Promise<{ snapshot: string; texts: CaseText[] }> {
  const rows = await sql<{ snapshot: string; caseId: string | null; text: string | null }[]>`
    with t as (${textsOf(sql, false)})
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
  const changedIds = sql`
    select c.id from cases c
    where c.intake_xid >= ${xmin}::xid8
      and not pg_visible_in_snapshot(c.intake_xid, ${snapshot}::pg_snapshot)
    union
    select r.case_id from reports r
    where r.intake_xid >= ${xmin}::xid8 and r.case_id is not null
      and not pg_visible_in_snapshot(r.intake_xid, ${snapshot}::pg_snapshot)`;
  const rows = await sql<{ caseId: string; text: string | null; changed: boolean }[]>`
    with ch as (${changedIds}), t as (${textsOf(sql, true)})
    select ch.id as case_id, null as text, true as changed from ch
    union all
    select case_id, text, false from t`;
  return {
    changed: new Set(rows.filter((r) => r.changed).map((r) => r.caseId)),
    texts: rows.filter((r) => !r.changed) as CaseText[],
  };
}

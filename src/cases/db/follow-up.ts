import type { Sql } from "../../db/client.ts";

export async function insertFollower(
  sql: Sql,
  f: { reportId: string; email: string; unsubscribeKey: string; at: Date },
) {
  await sql`
    insert into report_followers (report_id, email, unsubscribe_key, consented_at)
    values (${f.reportId}, ${f.email}, ${f.unsubscribeKey}, ${f.at})`;
}

export interface ReportStatusRow {
  trackingCode: string;
  createdAt: Date;
  rebuttalId: string | null;
  caseStatus: string | null;
  closeReason: string | null;
  mergedInto: string | null;
  caseRebuttalId: string | null;
  mergedRebuttalId: string | null;
  mergedStatus: string | null;
}

/** What a tracking code's report has become: its case, that case's answer, where it merged. */
export async function reportStatusRow(sql: Sql, code: string) {
  const [row] = await sql<ReportStatusRow[]>`
    select rp.tracking_code, rp.created_at, rp.rebuttal_id, c.status as case_status,
           c.close_reason, c.merged_into,
           (select r.id from rebuttals r where r.case_id = c.id) as case_rebuttal_id,
           (select r.id from rebuttals r where r.case_id = c.merged_into) as merged_rebuttal_id,
           m.status as merged_status
    from reports rp left join cases c on c.id = rp.case_id left join cases m on m.id = c.merged_into
    where rp.tracking_code = ${code}`;
  return row;
}

export interface FollowerRow {
  reportId: string;
  email: string;
  unsubscribeKey: string;
  trackingCode: string;
}

/**
 * The followers of an event's rebuttal not yet told of this event: reports on its case (or on
 * cases merged into it) and reports answered by it, one row per report.
 */
export async function followersToTell(sql: Sql, eventId: string) {
  return sql<FollowerRow[]>`
    select f.report_id, f.email, f.unsubscribe_key, rp.tracking_code
    from events e
    join rebuttals r on r.id = e.rebuttal_id
    join reports rp on rp.rebuttal_id = r.id
      or rp.case_id = r.case_id
      or rp.case_id in (select id from cases where merged_into = r.case_id)
    join report_followers f on f.report_id = rp.id and f.email is not null
    where e.id = ${eventId} and not e.drill
      and not exists (select 1 from report_notices n where n.report_id = rp.id and n.event_id = e.id)
    order by lower(f.email), rp.created_at`;
}

export async function recordNotices(sql: Sql, eventId: string, reportIds: string[]) {
  await sql`
    insert into report_notices (report_id, event_id)
    select unnest(${reportIds}::uuid[]), ${eventId} on conflict do nothing`;
}

export async function findFollower(sql: Sql, reportId: string) {
  const [row] = await sql<{ unsubscribeKey: string; email: string | null }[]>`
    select unsubscribe_key, email from report_followers where report_id = ${reportId}`;
  return row;
}

/** Forgets the address: nothing more is sent and nothing is kept. */
export async function unsubscribeFollower(sql: Sql, reportId: string, at: Date) {
  await sql`
    update report_followers set email = null, unsubscribed_at = ${at}
    where report_id = ${reportId} and email is not null`;
}

import type { Sql } from "../../db/client.ts";
import { matchingSettings } from "../settings.ts";
import { commonShare, textHashes, textWeight } from "../similarity.ts";

/** A report with the case it sits in, locked for a late change. */
export async function lockReportForLateText(sql: Sql, reportId: string) {
  const [row] = await sql<
    {
      id: string;
      text: string;
      rebuttalId: string | null;
      caseId: string | null;
      caseStatus: string | null;
      caseReports: number | null;
    }[]
  >`
    select r.id, r.text, r.rebuttal_id, r.case_id, c.status as case_status,
           c.report_count as case_reports
    from reports r left join cases c on c.id = r.case_id
    where r.id = ${reportId} for update of r`;
  return row;
}

/** The report's text becomes what was typed plus what was read. */
export async function setReportText(sql: Sql, reportId: string, text: string, norm: string) {
  await sql`
    update reports set text = ${text}, text_norm = ${norm},
      shingle_hashes = ${textHashes(norm)}::int4[],
      common_share = ${commonShare(norm, matchingSettings())},
      weight = ${textWeight(norm, matchingSettings())}::float8
    where id = ${reportId}`;
}

/** The report is answered by a rebuttal found after it was taken. */
export async function answerReport(sql: Sql, reportId: string, rebuttalId: string, score: number) {
  await sql`
    update reports set rebuttal_id = ${rebuttalId}, outcome = 'matched', match_score = ${score}
    where id = ${reportId}`;
}

/** A case opened for this report alone now says what the report says. */
export async function retitleCase(sql: Sql, caseId: string, title: string, text: string, at: Date) {
  await sql`
    update cases set title = ${title}, description = ${text}, updated_at = ${at}
    where id = ${caseId} and status = 'new'`;
}

/** A case opened for this report alone closes as answered: the library already had it. */
export async function closeAnsweredCase(sql: Sql, caseId: string, note: string, at: Date) {
  await sql`
    update cases set status = 'closed', close_reason = 'answered', close_note = ${note},
      closed_at = ${at}, updated_at = ${at}
    where id = ${caseId} and status = 'new'`;
}

/** The rebuttal a late answer names, and the reporter's address if they asked and still do. */
export async function lateAnswerMail(sql: Sql, reportId: string, rebuttalId: string) {
  const [row] = await sql<
    {
      email: string;
      unsubscribeKey: string;
      trackingCode: string;
      title: string;
      summary: string;
      slug: string;
    }[]
  >`
    select f.email, f.unsubscribe_key, r.tracking_code, b.title, b.summary, b.slug
    from report_followers f join reports r on r.id = f.report_id
    join rebuttals b on b.id = ${rebuttalId}
    where f.report_id = ${reportId} and f.email is not null`;
  return row;
}

import type { Sql } from "../../db/client.ts";
import type { CaseState } from "../../vocabulary/case-states.ts";
import { matchingSettings } from "../settings.ts";
import { commonShare, textHashes, textWeight } from "../similarity.ts";

export interface CaseRow {
  id: string;
  number: number;
  origin: "report" | "proactive" | "search_miss";
  status: CaseState;
  title: string;
  description: string;
  category: string | null;
  urgency: number | null;
  regionCode: string | null;
  leadExpertId: string | null;
  drill: boolean;
  deadlineAt: Date | null;
  triageDueAt: Date | null;
  firstDraftDueAt: Date | null;
  reviewDueAt: Date | null;
  deadlineVersion: number;
  reportCount: number;
  lastReportAt: Date | null;
  mergedInto: string | null;
  closeReason: string | null;
  closeNote: string;
  closedAt: Date | null;
  triagedAt: Date | null;
  firstDraftAt: Date | null;
  publishedAt: Date | null;
  escalatedAt: Date | null;
  escalationReason: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const caseColumns = (sql: Sql) => sql`
  c.id, c.number, c.origin, c.status, c.title, c.description, c.category, c.urgency,
  c.region_code, c.lead_expert_id, c.drill, c.deadline_at, c.triage_due_at,
  c.first_draft_due_at, c.review_due_at, c.deadline_version, c.report_count, c.last_report_at,
  c.merged_into, c.close_reason, c.close_note, c.closed_at, c.triaged_at, c.first_draft_at,
  c.published_at, c.escalated_at, c.escalation_reason, c.created_by, c.created_at, c.updated_at`;

export interface NewCase {
  /** Chosen by the caller to send the case's first report with it; else Postgres picks one. */
  id?: string;
  origin: CaseRow["origin"];
  title: string;
  description: string;
  matchNorm: string;
  category: string | null;
  urgency: number | null;
  regionCode: string | null;
  drill: boolean;
  reportCount: number;
  lastReportAt: Date | null;
  triageDueAt: Date;
  createdBy: string | null;
  createdAt: Date;
}

/** Opens a case in state `new`. */
export async function insertCase(sql: Sql, c: NewCase): Promise<CaseRow> {
  const [row] = await sql`
    insert into cases as c (id, origin, title, description, match_norm, shingle_hashes, common_share,
                       least_weight, category, urgency, region_code, drill, report_count, last_report_at,
                       triage_due_at, created_by, created_at, updated_at)
    values (coalesce(${c.id ?? null}::uuid, gen_random_uuid()), ${c.origin}, ${c.title}, ${c.description}, ${c.matchNorm},
            ${textHashes(c.matchNorm)}::int4[], ${commonShare(c.matchNorm, matchingSettings())},
            ${ownWeight(c.matchNorm)}::float8, ${c.category},
            ${c.urgency}, ${c.regionCode}, ${c.drill}, ${c.reportCount}, ${c.lastReportAt},
            ${c.triageDueAt}, ${c.createdBy}, ${c.createdAt}, ${c.createdAt})
    returning ${caseColumns(sql)}`;
  return row as CaseRow;
}

/** One case, optionally locked for the rest of the transaction. */
export async function findCase(sql: Sql, id: string, opts: { lock?: boolean } = {}) {
  const [row] = await sql`
    select ${caseColumns(sql)} from cases c where c.id = ${id}
    ${opts.lock ? sql`for update` : sql``}`;
  return row as CaseRow | undefined;
}

/** Adds one report's weight to a case. */
export async function addReportToCase(sql: Sql, caseId: string, at: Date): Promise<void> {
  await sql`
    update cases set report_count = report_count + 1,
      last_report_at = greatest(coalesce(last_report_at, ${at}), ${at}), updated_at = ${at}
    where id = ${caseId}`;
}

export interface TriageUpdate {
  category: string;
  urgency: number;
  regionCode: string;
  leadExpertId: string;
  drill: boolean;
  deadlineAt: Date;
  firstDraftDueAt: Date;
  reviewDueAt: Date;
  at: Date;
}

/** Records a (re-)triage: moves `new` to `triaged`, keeps the first triage time, bumps the version. */
export async function applyTriage(sql: Sql, id: string, t: TriageUpdate): Promise<CaseRow> {
  const [row] = await sql`
    update cases c set category = ${t.category}, urgency = ${t.urgency},
      region_code = ${t.regionCode}, lead_expert_id = ${t.leadExpertId},
      drill = c.drill or ${t.drill}, deadline_at = ${t.deadlineAt},
      first_draft_due_at = ${t.firstDraftDueAt}, review_due_at = ${t.reviewDueAt},
      deadline_version = c.deadline_version + 1,
      status = case when c.status = 'new' then 'triaged' else c.status end,
      triaged_at = coalesce(c.triaged_at, ${t.at}), escalated_at = null,
      escalation_reason = null, updated_at = ${t.at}
    where c.id = ${id}
    returning ${caseColumns(sql)}`;
  return row as CaseRow;
}

/** Replaces a case's assignments with the given lead and contributors. */
export async function replaceAssignments(
  sql: Sql,
  caseId: string,
  a: { leadId: string; contributorIds: string[]; by: string; at: Date },
): Promise<void> {
  await sql`delete from case_assignments where case_id = ${caseId}`;
  const rows = [
    { case_id: caseId, user_id: a.leadId, role: "lead", assigned_by: a.by, assigned_at: a.at },
    ...a.contributorIds.map((userId) => ({
      case_id: caseId,
      user_id: userId,
      role: "contributor",
      assigned_by: a.by,
      assigned_at: a.at,
    })),
  ];
  await sql`insert into case_assignments ${sql(rows)}`;
}

/** Closes a case with a reason (and for duplicates the case it was merged into). */
export async function closeCaseRow(
  sql: Sql,
  id: string,
  c: { reason: string; note: string; mergedInto: string | null; by: string; at: Date },
): Promise<CaseRow> {
  const [row] = await sql`
    update cases c set status = 'closed', close_reason = ${c.reason}, close_note = ${c.note},
      merged_into = ${c.mergedInto}, closed_at = ${c.at}, closed_by = ${c.by}, updated_at = ${c.at}
    where c.id = ${id}
    returning ${caseColumns(sql)}`;
  return row as CaseRow;
}

/** Recounts a case's reports after a merge moved some in. */
export async function recountReports(sql: Sql, id: string): Promise<void> {
  await sql`
    update cases c set report_count = r.n, last_report_at = r.last
    from (select count(*)::int as n, max(created_at) as last from reports where case_id = ${id}) r
    where c.id = ${id}`;
}

/** Flags a case for the coordinators' attention (a missed first draft). */
export async function escalateCase(sql: Sql, id: string, reason: string, at: Date) {
  await sql`
    update cases set escalated_at = coalesce(escalated_at, ${at}), escalation_reason = ${reason}
    where id = ${id}`;
}

/** Whether a region code is known. */
export async function regionExists(sql: Sql, code: string): Promise<boolean> {
  const [row] = await sql`select 1 from regions where code = ${code}`;
  return Boolean(row);
}

/** Whether a category slug is in the taxonomy. */
export async function categoryExists(sql: Sql, slug: string): Promise<boolean> {
  const [row] = await sql`select 1 from categories where slug = ${slug}`;
  return Boolean(row);
}

/** Whether a case has any revision, and any submitted for review (the review engineer's rows). */
export async function revisionProgress(sql: Sql, caseId: string) {
  const [row] = await sql`
    select min(created_at) as first_revision_at, min(submitted_at) as first_submitted_at
    from revisions where case_id = ${caseId}`;
  return row as { firstRevisionAt: Date | null; firstSubmittedAt: Date | null };
}

/** Records that an alert fired; false when it already had (the task ran twice). */
export async function claimDeadlineAlert(
  sql: Sql,
  a: { caseId: string; stage: string; kind: string; version: number; at: Date },
): Promise<boolean> {
  const rows = await sql`
    insert into case_deadline_alerts (case_id, stage, kind, version, fired_at)
    values (${a.caseId}, ${a.stage}, ${a.kind}, ${a.version}, ${a.at})
    on conflict do nothing returning case_id`;
  return rows.length === 1;
}

/** Links a fired alert to the event it recorded. */
export async function linkDeadlineAlert(
  sql: Sql,
  a: { caseId: string; stage: string; kind: string; version: number; eventId: string },
) {
  await sql`
    update case_deadline_alerts set event_id = ${a.eventId}
    where case_id = ${a.caseId} and stage = ${a.stage} and kind = ${a.kind}
      and version = ${a.version}`;
}

/** A public search miss, locked, by its normalised query. */
export async function lockSearchMiss(sql: Sql, queryNorm: string) {
  const [row] = await sql`
    select query_norm, sample, count, case_id from search_misses
    where query_norm = ${queryNorm} for update`;
  return row as
    | { queryNorm: string; sample: string; count: number; caseId: string | null }
    | undefined;
}

/** Links a search miss to the case opened for it. */
export async function linkSearchMiss(sql: Sql, queryNorm: string, caseId: string) {
  await sql`update search_misses set case_id = ${caseId} where query_norm = ${queryNorm}`;
}

/** A case's own text's weight, or Infinity when it has none to compare (migration 0291). */
const ownWeight = (matchNorm: string) =>
  matchNorm === "" ? "Infinity" : textWeight(matchNorm, matchingSettings());

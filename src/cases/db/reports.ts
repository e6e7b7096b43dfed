import type { PendingQuery, Row } from "postgres";
import type { Sql } from "../../db/client.ts";
import { matchingSettings } from "../settings.ts";
import { commonShare, textHashes, textWeight } from "../similarity.ts";
import { isOpen, PER_CASE } from "./open-case-texts.ts";

export interface NewReport {
  id: string;
  trackingCode: string;
  caseId: string | null;
  rebuttalId: string | null;
  text: string;
  textNorm: string;
  sourceUrl: string | null;
  platform: string | null;
  regionCode: string | null;
  contact: string | null;
  outcome: "matched" | "attached" | "opened";
  matchScore: number | null;
  ipHash: string;
  createdAt: Date;
}

// Only one intake at a time decides "attach or open", so two wordings arriving together
// cannot open two cases.
const INTAKE_LOCK = 7_204_2004;

/** Serialises intake decisions until the caller's transaction ends. */
export async function lockIntake(tx: Sql): Promise<void> {
  await tx`select pg_advisory_xact_lock(${INTAKE_LOCK})`;
}

const reportColumns = (sql: Sql) => sql`
  id, tracking_code, case_id, rebuttal_id, text, text_norm, shingle_hashes, common_share, weight,
  source_url, platform, region_code, contact, outcome, match_score, ip_hash, created_at`;

const reportValues = (sql: Sql, r: NewReport) => sql`
  ${r.id}::uuid, ${r.trackingCode}, ${r.caseId}::uuid, ${r.rebuttalId}::uuid, ${r.text},
  ${r.textNorm}, ${textHashes(r.textNorm)}::int4[], ${commonShare(r.textNorm, matchingSettings())},
  ${textWeight(r.textNorm, matchingSettings())}::float8, ${r.sourceUrl}, ${r.platform}, ${r.regionCode}, ${r.contact}, ${r.outcome},
  ${r.matchScore}::float8, ${r.ipHash}, ${r.createdAt}::timestamptz`;

/** Stores one public report with its id and tracking code (unique: see `isTrackingCodeTaken`). */
export async function insertReport(sql: Sql, r: NewReport): Promise<void> {
  await sql`insert into reports (${reportColumns(sql)}) values (${reportValues(sql, r)})`;
}

/**
 * In one statement, its own transaction: the report attached to its case if intake may still
 * attach to that case (open, not a drill; with `sameText`, only if one of its `PER_CASE` latest
 * reports has the report's very folded text: ADR 0270), the case's count, and the audit entry
 * `audit` (a call from `auditCall`); false, with nothing written, when the case may not take it.
 * @example if (!(await attachToOpenCase(sql, report, auditCall(sql, entry)))) …
 */
export async function attachToOpenCase(
  sql: Sql,
  r: NewReport & { caseId: string },
  audit: PendingQuery<Row[]>,
  opts: { sameText?: boolean } = {},
): Promise<boolean> {
  const same = opts.sameText
    ? sql`and exists (
        select 1 from (
          select text_norm from reports where case_id = c.id and text_norm <> ''
          order by created_at desc limit ${PER_CASE}
        ) latest where latest.text_norm = ${r.textNorm})`
    : sql``;
  const [row] = await sql<{ n: number }[]>`
    with c as (
      update cases c set report_count = report_count + 1,
        last_report_at = greatest(coalesce(last_report_at, ${r.createdAt}), ${r.createdAt}),
        updated_at = ${r.createdAt}
      where c.id = ${r.caseId} and ${isOpen(sql)} ${same} returning c.id
    ), r as (
      insert into reports (${reportColumns(sql)}) select ${reportValues(sql, r)} from c
      returning id
    ), a as (select ${audit} as id from r)
    select count(*)::int as n from a`;
  return row!.n === 1;
}

/**
 * In one statement, its own transaction: the report answered by a rebuttal, the rebuttal's count
 * and the audit entry `audit` (a call from `auditCall`), so the audit chain's lock is held only
 * while Postgres runs it (ADR 0230).
 * @example await answerWithRebuttal(sql, report, auditCall(sql, entry));
 */
export async function answerWithRebuttal(
  sql: Sql,
  r: NewReport & { rebuttalId: string },
  audit: PendingQuery<Row[]>,
): Promise<void> {
  await sql`
    with r as (
      insert into reports (${reportColumns(sql)}) values (${reportValues(sql, r)}) returning id
    ), b as (
      update rebuttals set report_count = report_count + 1 where id = ${r.rebuttalId}
    ), a as (select ${audit} as id from r)
    select count(*)::int as n from a`;
}

/** Whether an error is the insert of a tracking code another report holds already. */
export function isTrackingCodeTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint_name?: string };
  return e?.code === "23505" && e.constraint_name === "reports_tracking_code_key";
}

/** Counts a report against the rebuttal that answered it. */
export async function countReportOnRebuttal(sql: Sql, rebuttalId: string): Promise<void> {
  await sql`update rebuttals set report_count = report_count + 1 where id = ${rebuttalId}`;
}

export interface CaseReportRow {
  id: string;
  text: string;
  sourceUrl: string | null;
  platform: string | null;
  regionCode: string | null;
  contact: string | null;
  outcome: string;
  matchScore: number | null;
  createdAt: Date;
}

/** A case's reports, newest first. */
export async function listCaseReports(sql: Sql, caseId: string, limit = 200) {
  return sql<CaseReportRow[]>`
    select id, text, source_url, platform, region_code, contact, outcome, match_score, created_at
    from reports where case_id = ${caseId} order by created_at desc limit ${limit}`;
}

/** Moves every report of one case to another (merging duplicates); returns how many moved. */
export async function moveReports(sql: Sql, fromCaseId: string, toCaseId: string) {
  const rows = await sql`
    update reports set case_id = ${toCaseId} where case_id = ${fromCaseId} returning id`;
  return rows.length;
}

/** Reports per case received since a moment (report velocity), for the given cases. */
export async function recentReportCounts(
  sql: Sql,
  caseIds: string[],
  since: Date,
): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const rows = await sql<{ caseId: string; n: number }[]>`
    select case_id, count(*)::int as n from reports
    where case_id = any(${caseIds}::uuid[]) and created_at >= ${since}
    group by case_id`;
  return new Map(rows.map((r) => [r.caseId, r.n]));
}

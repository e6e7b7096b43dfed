import type { Sql } from "../db/client.ts";
import type { CaseRow } from "./db/cases.ts";
import { recentReportCounts } from "./db/reports.ts";
import { type CaseSummaryView, presentCaseSummary } from "./present.ts";

/** Summaries of cases with their report velocity (reports in the hour before `now`). */
export async function summarizeCases(
  sql: Sql,
  rows: CaseRow[],
  now: Date,
): Promise<CaseSummaryView[]> {
  const since = new Date(now.getTime() - 3_600_000);
  const recent = await recentReportCounts(
    sql,
    rows.map((r) => r.id),
    since,
  );
  return rows.map((r) => presentCaseSummary(r, recent.get(r.id) ?? 0, now));
}

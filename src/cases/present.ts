import { openCaseStates } from "../vocabulary/case-states.ts";
import type { CaseRow } from "./db/cases.ts";
import { casePriority } from "./priority.ts";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** What is due next: the triage target before triage, then the response deadline. */
export function dueAtOf(c: CaseRow): Date | null {
  if (!openCaseStates.includes(c.status)) return null;
  return c.status === "new" ? (c.deadlineAt ?? c.triageDueAt) : c.deadlineAt;
}

/** A case as lists and events show it, with time left and its priority's reasons. */
export function presentCaseSummary(c: CaseRow, reportsLastHour: number, now: Date) {
  const dueAt = dueAtOf(c);
  const msLeft = dueAt ? dueAt.getTime() - now.getTime() : null;
  return {
    id: c.id,
    number: c.number,
    origin: c.origin,
    status: c.status,
    title: c.title,
    category: c.category,
    urgency: c.urgency,
    regionCode: c.regionCode,
    leadExpertId: c.leadExpertId,
    drill: c.drill,
    reportCount: c.reportCount,
    reportsLastHour,
    lastReportAt: iso(c.lastReportAt),
    dueAt: iso(dueAt),
    deadlineAt: iso(c.deadlineAt),
    msLeft,
    overdue: msLeft !== null && msLeft < 0,
    escalatedAt: iso(c.escalatedAt),
    closeReason: c.closeReason,
    mergedInto: c.mergedInto,
    priority: casePriority({
      urgency: c.urgency,
      reportCount: c.reportCount,
      reportsLastHour,
      dueAt,
      escalated: c.escalatedAt !== null,
      now,
    }),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export type CaseSummaryView = ReturnType<typeof presentCaseSummary>;

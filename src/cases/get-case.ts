import { assertAllowed } from "../auth/policy.ts";
import type { ServiceCtx } from "../context.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../http/errors.ts";
import { matchRebuttals } from "../library/match.ts";
import { normalizeText } from "../text/normalize.ts";
import { type CaseRow, findCase } from "./db/cases.ts";
import {
  caseRebuttals,
  caseReviews,
  caseRevisions,
  caseTimeline,
  caseTitles,
} from "./db/cases-detail.ts";
import { isAssigned, listAssignments } from "./db/cases-people.ts";
import { listCaseReports } from "./db/reports.ts";
import { similarOpenCases } from "./find-open-case.ts";
import { canSeeReporterContact, canViewCase } from "./policy.ts";
import { matchingSettings } from "./settings.ts";
import { summarizeCases } from "./summaries.ts";

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** The stage targets beside when each stage was reached. */
function stages(c: CaseRow, firstSubmittedAt: Date | null) {
  return {
    triage: { dueAt: iso(c.triageDueAt), doneAt: iso(c.triagedAt) },
    firstDraft: { dueAt: iso(c.firstDraftDueAt), doneAt: iso(c.firstDraftAt) },
    review: { dueAt: iso(c.reviewDueAt), doneAt: iso(firstSubmittedAt) },
    response: { dueAt: iso(c.deadlineAt), doneAt: iso(c.publishedAt) },
  };
}

async function similar(deps: Deps, c: CaseRow) {
  const s = matchingSettings();
  const text = `${c.title}\n${c.description}`;
  const [cases, rebuttals] = await Promise.all([
    similarOpenCases(deps.sql, normalizeText(text), s, { min: s.suggest, exclude: c.id }),
    matchRebuttals(deps, text, { limit: s.maxSuggestions }),
  ]);
  const top = cases.slice(0, 5);
  const titles = new Map(
    (
      await caseTitles(
        deps.sql,
        top.map((x) => x.caseId),
      )
    ).map((t) => [t.id, t]),
  );
  return {
    similarCases: top.map((x) => ({ ...titles.get(x.caseId)!, score: x.score })),
    similarRebuttals: rebuttals.filter((m) => m.score >= s.suggest),
  };
}

/**
 * One case with everything a coordinator or expert needs: reports (contacts only for those
 * handling it), similar cases and rebuttals, revisions, reviews, assignments, the timeline,
 * the deadline with its stage targets and time left, and the priority with its reasons.
 * @example await getCase(ctx, { id })
 */
export async function getCase({ deps, actor }: ServiceCtx, { id }: { id: string }) {
  const c = await findCase(deps.sql, id);
  if (!c) throw new AppError("not_found", "未找到这个事件");
  const assigned = actor.kind === "user" ? await isAssigned(deps.sql, id, actor.userId) : false;
  assertAllowed(canViewCase(actor, { status: c.status, assigned }));
  const showContact = canSeeReporterContact(actor, { status: c.status, assigned });
  const now = deps.now();
  const [[summary], reports, assignments, revisions, reviews, rebuttals, timeline, related] =
    await Promise.all([
      summarizeCases(deps.sql, [c], now),
      listCaseReports(deps.sql, id),
      listAssignments(deps.sql, id),
      caseRevisions(deps.sql, id),
      caseReviews(deps.sql, id),
      caseRebuttals(deps.sql, id),
      caseTimeline(deps.sql, id),
      similar(deps, c),
    ]);
  const firstSubmitted = revisions.map((r) => r.submittedAt).find((d) => d !== null) ?? null;
  return {
    ...summary!,
    description: c.description,
    closeNote: c.closeNote,
    escalationReason: c.escalationReason,
    stages: stages(c, firstSubmitted),
    reports: reports.map((r) => ({
      ...r,
      contact: showContact ? r.contact : undefined,
      createdAt: r.createdAt.toISOString(),
    })),
    assignments: assignments.map((a) => ({ ...a, assignedAt: a.assignedAt.toISOString() })),
    revisions: revisions.map((r) => ({
      ...r,
      submittedAt: iso(r.submittedAt),
      createdAt: iso(r.createdAt)!,
    })),
    reviews: reviews.map((r) => ({
      ...r,
      startedAt: iso(r.startedAt)!,
      finishedAt: iso(r.finishedAt),
    })),
    rebuttals: rebuttals.map((r) => ({ ...r, publishedAt: iso(r.publishedAt)! })),
    timeline: timeline.map((t) => ({ ...t, at: iso(t.at)! })),
    ...related,
  };
}

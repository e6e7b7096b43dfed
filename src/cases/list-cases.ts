import { hasRole } from "../auth/actor.ts";
import type { ServiceCtx } from "../context.ts";
import { caseStates, openCaseStates } from "../vocabulary/case-states.ts";
import { listCaseRows } from "./db/cases-list.ts";
import { reviewerVisibleStates, seesAllCases } from "./policy.ts";
import type { CaseSummaryView } from "./present.ts";
import { summarizeCases } from "./summaries.ts";

export interface ListCasesInput {
  status?: string;
  urgency?: number;
  category?: string;
  region?: string;
  assignee?: string;
  escalated?: boolean;
  drill?: boolean;
  sort?: "due" | "priority" | "newest";
  limit: number;
  offset: number;
}

/** Rows sorted and paged in memory; the open queue of a province stays far below it. */
const CAP = 2000;

const byDue = (a: CaseSummaryView, b: CaseSummaryView) =>
  (a.dueAt ? Date.parse(a.dueAt) : Number.POSITIVE_INFINITY) -
  (b.dueAt ? Date.parse(b.dueAt) : Number.POSITIVE_INFINITY);
const byPriority = (a: CaseSummaryView, b: CaseSummaryView) => b.priority.score - a.priority.score;

function sorter(sort: ListCasesInput["sort"]) {
  if (sort === "priority")
    return (a: CaseSummaryView, b: CaseSummaryView) => byPriority(a, b) || byDue(a, b);
  if (sort === "newest")
    return (a: CaseSummaryView, b: CaseSummaryView) =>
      Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return (a: CaseSummaryView, b: CaseSummaryView) => byDue(a, b) || byPriority(a, b);
}

/**
 * The case queue: filtered, soonest due first then highest priority (or by priority, or newest).
 * Experts see the cases they work on; reviewers those in review or published.
 * @example await listCases(ctx, { limit: 50, offset: 0 })
 */
export async function listCases({ deps, actor }: ServiceCtx, input: ListCasesInput) {
  const now = deps.now();
  const statuses =
    !input.status || input.status === "open"
      ? [...openCaseStates]
      : input.status === "all"
        ? [...caseStates]
        : [input.status];
  const viewer =
    seesAllCases(actor) || actor.kind !== "user"
      ? null
      : { userId: actor.userId, reviewer: hasRole(actor, "reviewer") };
  const assigneeId =
    input.assignee === "me" && actor.kind === "user" ? actor.userId : input.assignee;
  const rows = await listCaseRows(deps.sql, {
    ...input,
    statuses,
    assigneeId,
    viewer,
    reviewerStates: reviewerVisibleStates,
    cap: CAP,
  });
  const items = (await summarizeCases(deps.sql, rows, now)).sort(sorter(input.sort));
  return { items: items.slice(input.offset, input.offset + input.limit), total: items.length };
}

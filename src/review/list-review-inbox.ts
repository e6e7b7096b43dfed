import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { assigneesOfCases, decisionsOfRounds, openRoundsForInbox } from "./db/review.ts";
import { chooseStep } from "./round.ts";

/** The revisions waiting for the caller's decision now, most urgent first. */
export async function listReviewInbox(ctx: ServiceCtx) {
  const actor = ctx.actor;
  if (actor.kind !== "user") throw new AppError("forbidden", "只有审核人有待审稿件");
  const sql = ctx.deps.sql;
  const rounds = await openRoundsForInbox(sql);
  const decisions = await decisionsOfRounds(
    sql,
    rounds.map((r) => r.id),
  );
  const assignees = await assigneesOfCases(
    sql,
    rounds.map((r) => r.caseId),
  );
  const items = rounds.flatMap((r) => {
    const authors = new Set(assignees.filter((a) => a.caseId === r.caseId).map((a) => a.userId));
    authors.add(r.authorId);
    const mine = decisions.filter((d) => d.roundId === r.id);
    const choice = chooseStep(actor, r, mine, authors);
    if (!choice.ok) return [];
    const step = r.steps[choice.stepIndex]!;
    return [
      {
        roundId: r.id,
        revisionId: r.revisionId,
        revisionNumber: r.revisionNumber,
        title: r.revisionTitle,
        caseId: r.caseId,
        caseNumber: r.caseNumber,
        caseTitle: r.caseTitle,
        urgency: r.urgency,
        category: r.category,
        mode: r.mode,
        isUpdate: r.isUpdate,
        step: { index: choice.stepIndex, name: step.name, deadlineAt: step.deadlineAt },
        submittedAt: r.startedAt.toISOString(),
      },
    ];
  });
  return { items };
}

import { appendAudit } from "../audit/append.ts";
import { assertAllowed } from "../auth/policy.ts";
import type { ServiceCtx } from "../context.ts";
import { AppError, validationError } from "../http/errors.ts";
import { canTransition } from "../vocabulary/case-states.ts";
import { chooseChain, reviewChains } from "./chains.ts";
import { assertStepsStaffed } from "./check-staffed.ts";
import { lockRebuttalOfCase } from "./db/publish.ts";
import { caseAssignees, insertRound, lockCase, setCaseStatus } from "./db/review.ts";
import { findRevision, latestRevision, setRevisionStatus } from "./db/review-revisions.ts";
import { submitInput } from "./inputs.ts";
import { requestReview } from "./notify.ts";
import { canDraft } from "./policy.ts";
import { resolveSteps } from "./resolve.ts";
import { revisionView, roundView } from "./views.ts";

/**
 * Starts a review round for the case's newest draft: snapshots the chosen chain's steps, moves
 * the case to in_review and asks the first step's reviewers (all steps' on the fast track).
 */
export async function submitRevision(
  ctx: ServiceCtx,
  { id: revisionId, ...raw }: { id: string; [field: string]: unknown },
) {
  const parsed = submitInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const releaseAt = parsed.data.releaseAt ? new Date(parsed.data.releaseAt) : null;
  const now = ctx.deps.now();
  return ctx.deps.sql.begin(async (tx) => {
    const found = await findRevision(tx, revisionId);
    if (!found) throw new AppError("not_found", "没有这个稿件");
    const theCase = (await lockCase(tx, found.caseId))!;
    const assignees = await caseAssignees(tx, theCase.id);
    assertAllowed(canDraft(ctx.actor, { assigneeIds: assignees }));
    const latest = (await latestRevision(tx, theCase.id))!;
    if (latest.id !== found.id) {
      throw new AppError("stale_revision", "该稿件已被更新的版本取代", {
        currentRevision: revisionView(latest),
      });
    }
    if (latest.status !== "draft" || !canTransition(theCase.status, "in_review")) {
      throw new AppError("invalid_state", "该稿件当前不能提交审核，请创建新版本", {
        currentState: latest.status,
      });
    }
    const isUpdate = (await lockRebuttalOfCase(tx, theCase.id)) !== undefined;
    const chain = chooseChain(reviewChains(), { ...theCase, isUpdate });
    const steps = await resolveSteps(tx, chain, latest.coSignerOrgIds, now);
    const authorIds = new Set([...assignees, latest.authorId]);
    await assertStepsStaffed(tx, steps, authorIds);
    const round = await insertRound(tx, {
      revisionId,
      policyId: chain.policyId,
      mode: chain.mode,
      steps,
      isUpdate,
      releaseAt,
      submittedBy: (ctx.actor as { userId: string }).userId,
      now,
    });
    await setRevisionStatus(tx, revisionId, "in_review", now);
    await setCaseStatus(tx, theCase.id, "in_review", { now });
    await appendAudit(tx, {
      actor: ctx.actor,
      action: "revision.submitted",
      object: { type: "revision", id: revisionId },
      meta: ctx.meta,
      data: { caseId: theCase.id, roundId: round.id, policyId: chain.policyId, mode: chain.mode },
    });
    await requestReview(tx, { round, decisions: [], revision: latest, theCase, authorIds });
    return roundView(round, []);
  });
}

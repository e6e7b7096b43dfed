import { appendAudit } from "../audit/append.ts";
import { assertAllowed, deny } from "../auth/policy.ts";
import type { ServiceCtx } from "../context.ts";
import type { Sql } from "../db/client.ts";
import { AppError, validationError } from "../http/errors.ts";
import { enqueue } from "../jobs/define.ts";
import {
  type CaseRow,
  caseAssignees,
  type DecisionRow,
  decisionsOfRounds,
  finishRound,
  insertDecision,
  lockCase,
  lockOpenRound,
  type RoundRow,
  setCaseStatus,
  setRoundReleaseAt,
} from "./db/review.ts";
import { findRevision, type RevisionRow, setRevisionStatus } from "./db/review-revisions.ts";
import { type DecisionInput, decisionInput } from "./inputs.ts";
import { releaseRebuttal } from "./jobs.ts";
import { requestReview } from "./notify.ts";
import { canSetEmbargo } from "./policy.ts";
import { type PublishHooks, publishRevision } from "./publish.ts";
import { chooseStep, roundComplete, stepComplete } from "./round.ts";
import { roundView } from "./views.ts";

const refusals = {
  author: () => assertAllowed(deny("作者和本事件的参与专家不能审核自己的稿件")),
  already_decided: () => {
    throw new AppError("conflict", "你已经在本轮审核中作出过决定");
  },
  not_waiting: () => assertAllowed(deny("该稿件当前没有等待你审核的步骤")),
};

async function openRoundOrRefuse(tx: Sql, revisionId: string) {
  const revision = await findRevision(tx, revisionId);
  if (!revision) throw new AppError("not_found", "没有这个稿件");
  const theCase = (await lockCase(tx, revision.caseId))!;
  if (theCase.status === "closed") {
    throw new AppError("invalid_state", "该事件已关闭，不能再审核", { currentState: "closed" });
  }
  const round = await lockOpenRound(tx, revisionId);
  if (!round) {
    const current = (await findRevision(tx, revisionId))!;
    const detail =
      current.status === "superseded" ? "该稿件已被新版本取代，不能再审核" : "该稿件当前不在审核中";
    throw new AppError("invalid_state", detail, { currentState: current.status });
  }
  return { revision, theCase, round };
}

type Outcome = "waiting" | "published" | "scheduled" | "changes_requested" | "rejected";

/** What the decision does to the round, the revision and the case. */
async function settle(
  tx: Sql,
  ctx: ServiceCtx,
  d: {
    input: DecisionInput;
    stepIndex: number;
    reviewerId: string;
    round: RoundRow;
    all: DecisionRow[];
    revision: RevisionRow;
    theCase: CaseRow;
    authorIds: Set<string>;
  },
  opts: { hooks?: PublishHooks },
): Promise<{ outcome: Outcome; roundStatus: RoundRow["status"]; rebuttal: PublishedRef | null }> {
  const now = ctx.deps.now();
  const { round, revision, theCase } = d;
  if (d.input.decision !== "approve") {
    const status = d.input.decision === "reject" ? "rejected" : "changes_requested";
    await finishRound(tx, round.id, status, now);
    await setRevisionStatus(tx, revision.id, status);
    const close =
      status === "rejected"
        ? { reason: "rejected" as const, note: d.input.comment, by: d.reviewerId }
        : undefined;
    await setCaseStatus(tx, theCase.id, status === "rejected" ? "closed" : "drafting", {
      now,
      close,
    });
    return { outcome: status, roundStatus: status, rebuttal: null };
  }
  if (!roundComplete(round.steps, d.all)) {
    const stepDone = stepComplete(round.steps[d.stepIndex]!, d.stepIndex, d.all);
    if (stepDone && round.mode === "sequential")
      await requestReview(tx, { ...d, decisions: d.all });
    return { outcome: "waiting", roundStatus: "open", rebuttal: null };
  }
  await finishRound(tx, round.id, "approved", now);
  await setRevisionStatus(tx, revision.id, "approved");
  if (round.releaseAt && round.releaseAt > now) {
    await enqueue(
      tx,
      releaseRebuttal,
      { roundId: round.id },
      { runAt: round.releaseAt, jobKey: `review-release:${round.id}` },
    );
    return { outcome: "scheduled", roundStatus: "approved", rebuttal: null };
  }
  const r = await publishRevision(tx, {
    ...ctx,
    theCase,
    revision,
    roundId: round.id,
    hooks: opts.hooks,
  });
  return {
    outcome: "published",
    roundStatus: "approved",
    rebuttal: { id: r.id, slug: r.slug, version: r.version },
  };
}

interface PublishedRef {
  id: string;
  slug: string;
  version: number;
}

/**
 * Records a reviewer's decision at the step waiting for them. The approval that completes the
 * chain publishes in the same transaction (or schedules the release when an embargo is set);
 * request_changes sends the case back to drafting; reject closes it with the comment as reason.
 * `opts.hooks` is a test seam that fails the publication at a chosen step.
 * @example await decideReview(ctx, { id: revisionId, decision: "approve", comment: "" })
 */
export async function decideReview(
  ctx: ServiceCtx,
  { id: revisionId, ...raw }: { id: string; [field: string]: unknown },
  opts: { hooks?: PublishHooks } = {},
) {
  const parsed = decisionInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  const actor = ctx.actor;
  if (actor.kind !== "user") throw new AppError("forbidden", "只有审核人可以作出审核决定");
  const now = ctx.deps.now();
  return ctx.deps.sql.begin(async (tx) => {
    const { revision, theCase, round } = await openRoundOrRefuse(tx, revisionId);
    const decisions = await decisionsOfRounds(tx, [round.id]);
    const authorIds = new Set([...(await caseAssignees(tx, theCase.id)), revision.authorId]);
    const choice = chooseStep(actor, round, decisions, authorIds);
    if (!choice.ok) refusals[choice.reason]();
    const stepIndex = (choice as { stepIndex: number }).stepIndex;
    if (input.releaseAt)
      assertAllowed(canSetEmbargo(actor, { index: stepIndex, count: round.steps.length }));
    const mine = { stepIndex, reviewerId: actor.userId, organisationId: actor.organisationId };
    const decisionId = await insertDecision(tx, {
      ...mine,
      decision: input.decision,
      roundId: round.id,
      revisionId,
      comment: input.comment,
      now,
    });
    await appendAudit(tx, {
      actor,
      action: `review.${input.decision}`,
      object: { type: "revision", id: revisionId },
      meta: ctx.meta,
      data: { roundId: round.id, stepIndex, decisionId, comment: input.comment },
    });
    if (input.releaseAt) {
      round.releaseAt = new Date(input.releaseAt);
      await setRoundReleaseAt(tx, round.id, round.releaseAt);
    }
    const all = await decisionsOfRounds(tx, [round.id]);
    const settled = await settle(
      tx,
      ctx,
      { input, stepIndex, reviewerId: actor.userId, round, all, revision, theCase, authorIds },
      opts,
    );
    const finished = { ...round, status: settled.roundStatus };
    return {
      outcome: settled.outcome,
      decisionId,
      rebuttal: settled.rebuttal,
      round: roundView(finished, all),
    };
  });
}

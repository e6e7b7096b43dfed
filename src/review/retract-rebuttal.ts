import { appendAudit } from "../audit/append.ts";
import { assertAllowed } from "../auth/policy.ts";
import { signRebuttalEvent } from "../authenticity/sign-rebuttal-event.ts";
import type { ServiceCtx } from "../context.ts";
import type { Sql } from "../db/client.ts";
import { recordEvent } from "../events/record.ts";
import { AppError, validationError } from "../http/errors.ts";
import { enqueue } from "../jobs/define.ts";
import { indexRebuttal } from "../library/jobs.ts";
import { lockRebuttal, retractRebuttalRow } from "./db/publish.ts";
import { approvedRoundOf, decisionsOfRounds } from "./db/review.ts";
import { deriveSearchSafely } from "./derive-search.ts";
import { retractInput } from "./inputs.ts";
import { canRetract } from "./policy.ts";
import { rebuttalEventData } from "./publish.ts";

/** The organisations whose reviewers approved the final step of the round that released it. */
async function finalStepOrganisations(sql: Sql, revisionId: string | null) {
  if (!revisionId) return null;
  const round = await approvedRoundOf(sql, revisionId);
  if (!round) return null;
  const last = round.steps.length - 1;
  const decisions = await decisionsOfRounds(sql, [round.id]);
  return decisions
    .filter((d) => d.stepIndex === last && d.decision === "approve")
    .map((d) => d.organisationId);
}

/**
 * Withdraws a live rebuttal with a public reason: status retracted, audit, `rebuttal.retracted`
 * (next seq, fanned out to everyone who got the original) and a re-index, in one transaction.
 */
export async function retractRebuttal(
  ctx: ServiceCtx,
  { id, ...raw }: { id: string; [field: string]: unknown },
) {
  const parsed = retractInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const now = ctx.deps.now();
  return ctx.deps.sql.begin(async (tx) => {
    const rebuttal = await lockRebuttal(tx, id);
    if (!rebuttal) throw new AppError("not_found", "没有这条辟谣信息");
    const finalOrgs = await finalStepOrganisations(tx, rebuttal.revisionId);
    assertAllowed(canRetract(ctx.actor, { finalStepOrganisationIds: finalOrgs }));
    if (rebuttal.status !== "live") {
      throw new AppError("invalid_state", "该信息已撤回", { currentState: rebuttal.status });
    }
    const retracted = await retractRebuttalRow(tx, id, parsed.data.reason, now);
    await appendAudit(tx, {
      actor: ctx.actor,
      action: "rebuttal.retracted",
      object: { type: "rebuttal", id },
      meta: ctx.meta,
      data: { reason: parsed.data.reason, version: retracted.version },
    });
    const data = await rebuttalEventData(tx, ctx.deps, retracted);
    const event = await recordEvent(tx, {
      type: "rebuttal.retracted",
      data: { ...data, reason: parsed.data.reason },
      rebuttalId: id,
      caseId: retracted.caseId ?? undefined,
      drill: retracted.drill,
    });
    await signRebuttalEvent(tx, ctx.deps, event);
    await deriveSearchSafely(tx, ctx.deps, id);
    await enqueue(tx, indexRebuttal, { rebuttalId: id });
    return {
      id,
      slug: retracted.slug,
      status: retracted.status,
      version: retracted.version,
      retractedAt: retracted.retractedAt!.toISOString(),
      reason: parsed.data.reason,
    };
  });
}

import { appendAudit } from "../audit/append.ts";
import { assertAllowed } from "../auth/policy.ts";
import type { ServiceCtx } from "../context.ts";
import type { Sql } from "../db/client.ts";
import { AppError, validationError } from "../http/errors.ts";
import { renderMarkdown } from "../text/markdown.ts";
import {
  caseAssignees,
  lockCase,
  organisationsByIds,
  setCaseStatus,
  supersedePendingRounds,
} from "./db/review.ts";
import {
  insertRevision,
  latestRevision,
  supersedeRevisionIds,
  supersedeRevisions,
} from "./db/review-revisions.ts";
import { type RevisionInput, revisionInput } from "./inputs.ts";
import { canDraft } from "./policy.ts";
import { type RevisionView, revisionView } from "./views.ts";

const draftableStates = ["triaged", "drafting", "in_review", "published"];

async function checkCoSigners(tx: Sql, ids: string[]): Promise<void> {
  const found = new Set((await organisationsByIds(tx, ids)).map((o) => o.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) {
    throw new AppError("validation_failed", "请检查标出的字段", {
      errors: [{ path: `coSignerOrgIds.${missing}`, message: "没有这个单位" }],
    });
  }
}

/**
 * Adds an immutable revision to a case. The base must be the case's newest revision, so two
 * experts editing at once cannot overwrite each other; a new revision supersedes any open
 * review round (the chain restarts on the next submit).
 * @example await createRevision(ctx, { caseId, title, summary, body, … })
 */
export async function createRevision(
  ctx: ServiceCtx,
  { caseId, ...raw }: { caseId: string; [field: string]: unknown },
): Promise<RevisionView> {
  const parsed = revisionInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input: RevisionInput = parsed.data;
  const now = ctx.deps.now();
  return ctx.deps.sql.begin(async (tx) => {
    const theCase = await lockCase(tx, caseId);
    if (!theCase) throw new AppError("not_found", "没有这个事件");
    assertAllowed(canDraft(ctx.actor, { assigneeIds: await caseAssignees(tx, caseId) }));
    if (!draftableStates.includes(theCase.status)) {
      throw new AppError("invalid_state", "该事件当前不能撰写稿件", {
        currentState: theCase.status,
      });
    }
    const latest = await latestRevision(tx, caseId);
    if ((input.baseRevisionId ?? null) !== (latest?.id ?? null)) {
      throw new AppError("stale_revision", "稿件已有更新的版本，请基于最新版本修改", {
        currentRevision: latest ? revisionView(latest) : null,
      });
    }
    await checkCoSigners(tx, input.coSignerOrgIds);
    const closed = await supersedePendingRounds(tx, caseId, now);
    await supersedeRevisions(tx, caseId);
    await supersedeRevisionIds(
      tx,
      closed.map((r) => r.revisionId),
    );
    const revision = await insertRevision(tx, {
      caseId,
      number: (latest?.number ?? 0) + 1,
      baseRevisionId: latest?.id ?? null,
      authorId: (ctx.actor as { userId: string }).userId,
      kind: input.kind,
      claim: input.claim ?? null,
      verdict: input.verdict ?? null,
      title: input.title,
      summary: input.summary,
      bodyMd: input.body,
      bodyHtml: renderMarkdown(input.body),
      sources: input.sources,
      coSignerOrgIds: input.coSignerOrgIds,
      tags: input.tags,
      now,
    });
    if (theCase.status !== "drafting") await setCaseStatus(tx, caseId, "drafting", { now });
    await appendAudit(tx, {
      actor: ctx.actor,
      action: "revision.created",
      object: { type: "revision", id: revision.id },
      meta: ctx.meta,
      data: { caseId, number: revision.number, supersededRounds: closed.map((r) => r.id) },
    });
    return revisionView(revision);
  });
}

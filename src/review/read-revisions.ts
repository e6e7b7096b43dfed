import { assertAllowed } from "../auth/policy.ts";
import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { decisionsOfRounds, findCase, roundsOfRevision } from "./db/review.ts";
import { findRevision, revisionsOfCase } from "./db/review-revisions.ts";
import { canReadRevisions } from "./policy.ts";
import { assertCanReadRevision, readableRevisions } from "./revision-access.ts";
import { revisionView, roundView } from "./views.ts";

/** One revision with its review rounds and every decision (the case timeline's review part). */
export async function getRevision(ctx: ServiceCtx, { id }: { id: string }) {
  assertAllowed(canReadRevisions(ctx.actor));
  const sql = ctx.deps.sql;
  const revision = await findRevision(sql, id);
  if (!revision) throw new AppError("not_found", "没有这个稿件");
  const rounds = await roundsOfRevision(sql, id);
  const decisions = await decisionsOfRounds(
    sql,
    rounds.map((r) => r.id),
  );
  await assertCanReadRevision(ctx, revision);
  return { ...revisionView(revision), rounds: rounds.map((r) => roundView(r, decisions)) };
}

/** Every revision of a case, oldest first. */
export async function listRevisions(ctx: ServiceCtx, { caseId }: { caseId: string }) {
  assertAllowed(canReadRevisions(ctx.actor));
  const theCase = await findCase(ctx.deps.sql, caseId);
  if (!theCase) throw new AppError("not_found", "没有这个事件");
  const rows = await revisionsOfCase(ctx.deps.sql, caseId);
  const { readable, caseVisible } = await readableRevisions(ctx, caseId, rows);
  if (!caseVisible && readable.length === 0) throw new AppError("not_found", "没有这个事件");
  return { items: readable.map(revisionView) };
}

import type { Actor } from "../auth/actor.ts";
import { assertAllowed, deny } from "../auth/policy.ts";
import { canViewCase } from "../cases/policy.ts";
import type { ServiceCtx } from "../context.ts";
import {
  caseAssignees,
  type DecisionRow,
  decisionsOfRounds,
  findCase,
  type RoundRow,
  roundsOfRevision,
} from "./db/review.ts";
import type { RevisionRow } from "./db/review-revisions.ts";
import { canReadRevision } from "./policy.ts";
import { chooseStep } from "./round.ts";

/** Whether the caller decided on one of these rounds or may decide on an open one now. */
function isDecider(
  actor: Actor,
  rounds: RoundRow[],
  decisions: DecisionRow[],
  authors: Set<string>,
) {
  if (actor.kind !== "user") return false;
  if (decisions.some((d) => d.reviewerId === actor.userId)) return true;
  return rounds.some(
    (r) =>
      r.status === "open" &&
      chooseStep(
        actor,
        r,
        decisions.filter((d) => d.roundId === r.id),
        authors,
      ).ok,
  );
}

/**
 * The revisions of one case the caller may read (see `canReadRevision`), and whether the caller
 * may open the case itself (the rule of `GET /cases/{id}`).
 */
export async function readableRevisions(ctx: ServiceCtx, caseId: string, revisions: RevisionRow[]) {
  const actor = ctx.actor;
  const sql = ctx.deps.sql;
  const [theCase, assignees] = await Promise.all([
    findCase(sql, caseId),
    caseAssignees(sql, caseId),
  ]);
  const caseStatus = theCase?.status ?? "closed";
  const assigned = actor.kind === "user" && assignees.includes(actor.userId);
  const readable: RevisionRow[] = [];
  for (const revision of revisions) {
    const rounds = await roundsOfRevision(sql, revision.id);
    const decisions = await decisionsOfRounds(
      sql,
      rounds.map((r) => r.id),
    );
    const authors = new Set([...assignees, revision.authorId]);
    const facts = {
      caseStatus,
      assigned,
      submitted: revision.submittedAt !== null,
      decider: isDecider(actor, rounds, decisions, authors),
    };
    if (canReadRevision(actor, facts).allowed) readable.push(revision);
  }
  return { readable, caseVisible: canViewCase(actor, { status: caseStatus, assigned }).allowed };
}

/** Throws a 404-like denial unless the caller may read this revision. */
export async function assertCanReadRevision(ctx: ServiceCtx, revision: RevisionRow) {
  const { readable } = await readableRevisions(ctx, revision.caseId, [revision]);
  if (readable.length === 0) assertAllowed(deny("未找到", { hide: true }));
}

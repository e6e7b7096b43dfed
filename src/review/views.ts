import type { DecisionRow, RoundRow } from "./db/review.ts";
import type { RevisionRow } from "./db/review-revisions.ts";
import { waitingSteps } from "./round.ts";

/** A revision as the API shows it. */
export function revisionView(r: RevisionRow) {
  return {
    id: r.id,
    caseId: r.caseId,
    number: r.number,
    baseRevisionId: r.baseRevisionId,
    authorId: r.authorId,
    kind: r.kind,
    claim: r.claim,
    verdict: r.verdict,
    title: r.title,
    summary: r.summary,
    body: r.bodyMd,
    bodyHtml: r.bodyHtml,
    sources: r.sources,
    coSignerOrgIds: r.coSignerOrgIds,
    tags: r.tags,
    status: r.status,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}
export type RevisionView = ReturnType<typeof revisionView>;

/** A review round with its steps, what waits, and every decision with its comment. */
export function roundView(round: RoundRow, decisions: DecisionRow[]) {
  const mine = decisions.filter((d) => d.roundId === round.id);
  return {
    id: round.id,
    revisionId: round.revisionId,
    policyId: round.policyId,
    mode: round.mode,
    status: round.status,
    isUpdate: round.isUpdate,
    releaseAt: round.releaseAt?.toISOString() ?? null,
    releasedAt: round.releasedAt?.toISOString() ?? null,
    startedAt: round.startedAt.toISOString(),
    finishedAt: round.finishedAt?.toISOString() ?? null,
    steps: round.steps.map((s, i) => ({ index: i, ...s })),
    waitingSteps: round.status === "open" ? waitingSteps(round, mine) : [],
    decisions: mine.map((d) => ({
      id: d.id,
      stepIndex: d.stepIndex,
      reviewerId: d.reviewerId,
      reviewerName: d.reviewerName,
      organisationId: d.organisationId,
      organisationName: d.organisationName,
      decision: d.decision,
      comment: d.comment,
      createdAt: d.createdAt.toISOString(),
    })),
  };
}
export type RoundView = ReturnType<typeof roundView>;

import type { Sql } from "../db/client.ts";
import { recordEvent } from "../events/record.ts";
import type { ReviewRequestedData } from "../events/staff-data.ts";
import { type CaseRow, peopleForStep, type RoundRow } from "./db/review.ts";
import type { RevisionRow } from "./db/review-revisions.ts";
import { meetsStep, type RoundDecision, waitingSteps } from "./round.ts";

/**
 * Records `review.requested` for the people who may decide at the round's waiting step(s):
 * role and organisation match, not an author or assignee, not decided in this round yet.
 */
export async function requestReview(
  tx: Sql,
  r: {
    round: RoundRow;
    decisions: RoundDecision[];
    revision: RevisionRow;
    theCase: CaseRow;
    authorIds: ReadonlySet<string>;
  },
): Promise<string[]> {
  const decided = new Set(r.decisions.map((d) => d.reviewerId));
  const exclude = [...r.authorIds, ...decided];
  const steps = waitingSteps(r.round, r.decisions);
  const userIds = new Set<string>();
  for (const i of steps) {
    const step = r.round.steps[i]!;
    for (const p of await peopleForStep(tx, step, exclude)) {
      const person = { userId: p.id, ...p };
      if (meetsStep(person, step, i, r.decisions)) userIds.add(p.id);
    }
  }
  const stepNames = steps.map((i) => r.round.steps[i]!.name).join("、");
  const data: ReviewRequestedData = {
    notify: { userIds: [...userIds], roles: [], email: true },
    caseId: r.theCase.id,
    caseNumber: r.theCase.number,
    caseTitle: r.theCase.title,
    urgency: r.theCase.urgency,
    revisionId: r.revision.id,
    revisionNumber: r.revision.number,
    title: r.revision.title,
    summary: `案件 #${r.theCase.number}「${r.theCase.title}」第 ${r.revision.number} 稿，待审步骤：${stepNames}`,
    roundId: r.round.id,
    mode: r.round.mode,
    steps: steps.map((i) => ({
      index: i,
      name: r.round.steps[i]!.name,
      deadlineAt: r.round.steps[i]!.deadlineAt,
    })),
  };
  await recordEvent(tx, {
    type: "review.requested",
    data,
    caseId: r.theCase.id,
    drill: r.theCase.drill,
  });
  return [...userIds];
}

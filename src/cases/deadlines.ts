import type { DeadlineSettings } from "./settings.ts";

export type DeadlineStage = "triage" | "first_draft" | "review" | "response";
export type AlertKind = "warning" | "missed";

export interface CaseTargets {
  firstDraftDueAt: Date;
  reviewDueAt: Date;
  deadlineAt: Date;
}

export interface Checkpoint {
  stage: DeadlineStage;
  kind: AlertKind;
  at: Date;
}

const minutes = (from: Date, m: number) => new Date(from.getTime() + m * 60_000);

/** When the triage of a case opened at `openedAt` is due. */
export function triageDueAt(openedAt: Date, s: DeadlineSettings): Date {
  return minutes(openedAt, s.triageMinutes);
}

/** The stage targets and the response deadline of a case triaged at `triagedAt`. */
export function caseTargets(triagedAt: Date, urgency: 1 | 2 | 3 | 4, s: DeadlineSettings) {
  const level = s.levels[String(urgency) as "1"];
  return {
    firstDraftDueAt: minutes(triagedAt, level.firstDraftMinutes),
    reviewDueAt: minutes(triagedAt, level.reviewMinutes),
    deadlineAt: minutes(triagedAt, level.responseMinutes),
  } satisfies CaseTargets;
}

/**
 * The moments a deadline worker looks at a case: a warning at `warningRatio` of each stage's
 * time and a miss at its end. The review stage only has a miss: its warning would duplicate the
 * first-draft miss that comes just before it.
 * @example deadlineCheckpoints(triagedAt, caseTargets(triagedAt, 1, s), s)
 */
export function deadlineCheckpoints(
  triagedAt: Date,
  targets: CaseTargets,
  s: DeadlineSettings,
): Checkpoint[] {
  const at = (due: Date, ratio: number) =>
    new Date(triagedAt.getTime() + (due.getTime() - triagedAt.getTime()) * ratio);
  return [
    { stage: "first_draft", kind: "warning", at: at(targets.firstDraftDueAt, s.warningRatio) },
    { stage: "first_draft", kind: "missed", at: targets.firstDraftDueAt },
    { stage: "review", kind: "missed", at: targets.reviewDueAt },
    { stage: "response", kind: "warning", at: at(targets.deadlineAt, s.warningRatio) },
    { stage: "response", kind: "missed", at: targets.deadlineAt },
  ];
}

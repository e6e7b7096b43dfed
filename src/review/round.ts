import type { OrganisationKind, Role } from "../auth/actor.ts";

/** One step of a round, snapshotted from the policy when the revision was submitted. */
export interface RoundStep {
  key: string;
  name: string;
  role: Role;
  organisationKind: OrganisationKind | null;
  /** Deciders must belong to one of these organisations (null: any organisation). */
  organisationIds: string[] | null;
  /** Co-signing: one approval from each organisation in organisationIds. */
  eachOrganisation: boolean;
  approvals: number;
  deadlineAt: string | null;
}

export interface RoundDecision {
  stepIndex: number;
  reviewerId: string;
  organisationId: string;
  decision: "approve" | "request_changes" | "reject";
}

export interface Reviewer {
  userId: string;
  roles: readonly Role[];
  organisationId: string;
  organisationKind: OrganisationKind;
}

/** Whether a step has all the approvals it needs. */
export function stepComplete(step: RoundStep, index: number, decisions: RoundDecision[]): boolean {
  const approvals = decisions.filter((d) => d.stepIndex === index && d.decision === "approve");
  if (step.eachOrganisation) {
    const signed = new Set(approvals.map((d) => d.organisationId));
    return (step.organisationIds ?? []).every((id) => signed.has(id));
  }
  return approvals.length >= step.approvals;
}

/** The steps that may be decided now: the first open one, or every open one on the fast track. */
export function waitingSteps(
  round: { mode: "sequential" | "parallel"; steps: RoundStep[] },
  decisions: RoundDecision[],
): number[] {
  const open = round.steps
    .map((s, i) => (stepComplete(s, i, decisions) ? -1 : i))
    .filter((i) => i >= 0);
  return round.mode === "parallel" ? open : open.slice(0, 1);
}

/** Whether a person meets a step's requirements (role, organisation kind, organisation). */
export function meetsStep(
  person: Reviewer,
  step: RoundStep,
  index: number,
  decisions: RoundDecision[],
): boolean {
  if (!person.roles.includes(step.role)) return false;
  if (step.organisationKind && person.organisationKind !== step.organisationKind) return false;
  if (step.organisationIds && !step.organisationIds.includes(person.organisationId)) return false;
  if (step.eachOrganisation) {
    const signed = decisions.some(
      (d) =>
        d.stepIndex === index &&
        d.decision === "approve" &&
        d.organisationId === person.organisationId,
    );
    if (signed) return false;
  }
  return true;
}

export type StepChoice =
  | { ok: true; stepIndex: number }
  | { ok: false; reason: "author" | "already_decided" | "not_waiting" };

/**
 * The step at which a person would decide now. The four-eyes rule comes first: the author and
 * the case's assignees never decide on their own text, whatever roles they hold.
 */
export function chooseStep(
  person: Reviewer,
  round: { mode: "sequential" | "parallel"; steps: RoundStep[] },
  decisions: RoundDecision[],
  authorIds: ReadonlySet<string>,
): StepChoice {
  if (authorIds.has(person.userId)) return { ok: false, reason: "author" };
  if (decisions.some((d) => d.reviewerId === person.userId)) {
    return { ok: false, reason: "already_decided" };
  }
  const index = waitingSteps(round, decisions).find((i) =>
    meetsStep(person, round.steps[i]!, i, decisions),
  );
  return index === undefined
    ? { ok: false, reason: "not_waiting" }
    : { ok: true, stepIndex: index };
}

/** Whether every step is complete, so that this round publishes. */
export function roundComplete(steps: RoundStep[], decisions: RoundDecision[]): boolean {
  return steps.every((s, i) => stepComplete(s, i, decisions));
}

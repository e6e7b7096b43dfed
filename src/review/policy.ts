import type { Actor } from "../auth/actor.ts";
import { allow, type Decision, deny } from "../auth/policy.ts";
import { staffRoles } from "../vocabulary/roles.ts";

/** Only the case's lead expert and contributors write and submit its revisions. */
export function canDraft(actor: Actor, theCase: { assigneeIds: readonly string[] }): Decision {
  if (actor.kind !== "user") return deny("需要登录", { hide: true });
  if (!theCase.assigneeIds.includes(actor.userId)) {
    return deny("只有本事件的牵头专家和参与专家可以撰写或提交稿件");
  }
  return allow;
}

/**
 * Staff read drafts: assignees write them, experts peer-review them, reviewers and
 * coordinators decide on and follow them. Media and the public never see unpublished text.
 */
export function canReadRevisions(actor: Actor): Decision {
  if (actor.kind !== "user") return deny("未找到", { hide: true });
  if (!actor.roles.some((r) => (staffRoles as readonly string[]).includes(r))) {
    return deny("未找到", { hide: true });
  }
  return allow;
}

/** What deciding whether a person reads one revision needs to know. */
export interface RevisionAccessFacts {
  caseStatus: string;
  /** The caller is the case's lead expert or a contributor. */
  assigned: boolean;
  /** The revision was submitted for review at least once (a draft never was). */
  submitted: boolean;
  /** The caller decided on one of the revision's rounds, or may decide on its open round now. */
  decider: boolean;
}

const reviewerCaseStates = ["in_review", "published"];

/**
 * Object-level read of one revision: coordinators and admins read all; the case's assignees
 * their drafts; nobody else reads a draft that was never submitted. A submitted revision is read
 * by those asked to decide on it (a peer expert of another organisation) and by reviewers while
 * its case is in review or published — the same cases a reviewer may open. Others get a 404.
 * @example assertAllowed(canReadRevision(actor, facts));
 */
export function canReadRevision(actor: Actor, r: RevisionAccessFacts): Decision {
  const hidden = deny("未找到", { hide: true });
  if (!canReadRevisions(actor).allowed || actor.kind !== "user") return hidden;
  if (actor.roles.some((role) => role === "coordinator" || role === "admin")) return allow;
  if (r.assigned) return allow;
  if (!r.submitted) return hidden;
  if (r.decider) return allow;
  if (actor.roles.includes("reviewer") && reviewerCaseStates.includes(r.caseStatus)) return allow;
  return hidden;
}

/**
 * Coordinators retract anything; a reviewer retracts a message whose chain's final step their
 * organisation decided (the authority that released it can withdraw it).
 */
export function canRetract(
  actor: Actor,
  rebuttal: { finalStepOrganisationIds: readonly string[] | null },
): Decision {
  if (actor.kind !== "user") return deny("需要登录");
  if (actor.roles.includes("coordinator")) return allow;
  const finalOrgs = rebuttal.finalStepOrganisationIds;
  if (actor.roles.includes("reviewer") && finalOrgs?.includes(actor.organisationId)) return allow;
  return deny("只有协调员或审核链终审单位的审核人可以撤回");
}

/**
 * An embargo (releaseAt) is the releasing authority's call: the reviewer deciding at the chain's
 * final step, or a coordinator — never an earlier decider such as the peer expert.
 */
export function canSetEmbargo(actor: Actor, step: { index: number; count: number }): Decision {
  if (actor.kind !== "user") return deny("需要登录");
  if (actor.roles.includes("coordinator") || step.index === step.count - 1) return allow;
  return deny("只有终审步骤的审核人或协调员可以设定定时发布");
}

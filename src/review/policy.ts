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

import { type Actor, hasRole } from "../auth/actor.ts";
import { allow, type Decision, deny } from "../auth/policy.ts";

/** What the case policies need to know about a case and the caller's part in it. */
export interface CaseAccessFacts {
  status: string;
  /** The caller is the lead expert or a contributor. */
  assigned: boolean;
}

/** Case states a reviewer may look at: what is waiting for review or has been published. */
export const reviewerVisibleStates = ["in_review", "published"] as const;

/**
 * Who sees a case: coordinators and admins all; experts the cases they are assigned to;
 * reviewers cases in review or published; media never. Others get a 404, so ids leak nothing.
 * @example assertAllowed(canViewCase(actor, { status: c.status, assigned }));
 */
export function canViewCase(actor: Actor, c: CaseAccessFacts): Decision {
  if (hasRole(actor, "coordinator", "admin")) return allow;
  if (hasRole(actor, "expert") && c.assigned) return allow;
  if (hasRole(actor, "reviewer") && (reviewerVisibleStates as readonly string[]).includes(c.status))
    return allow;
  return deny("你不能查看这个事件", { hide: true });
}

/** Reporters' contacts are for coordinators, admins and the case's own experts only. */
export function canSeeReporterContact(actor: Actor, c: CaseAccessFacts): boolean {
  return hasRole(actor, "coordinator", "admin") || (hasRole(actor, "expert") && c.assigned);
}

/** Whether a caller sees every case in lists (others see a filtered list). */
export function seesAllCases(actor: Actor): boolean {
  return hasRole(actor, "coordinator", "admin");
}

import { organisationOf, ownOrganisationOrAdmin } from "../access/policy.ts";
import { type Actor, hasRole } from "../auth/actor.ts";
import { allow, type Decision, deny } from "../auth/policy.ts";

/** Subscriptions and their deliveries: own organisation's (others' hidden, 404); admins all. */
export function canManageSubscription(actor: Actor, sub: { organisationId: string }): Decision {
  return ownOrganisationOrAdmin(actor, sub.organisationId);
}

/** Only admins may create a subscription for another organisation. */
export function canSubscribeFor(actor: Actor, organisationId: string): Decision {
  if (hasRole(actor, "admin") || organisationOf(actor) === organisationId) return allow;
  return deny("只能为本单位创建订阅");
}

/**
 * Whose deliveries a caller may list: staff who run publications (coordinators, admins) see
 * all; everyone else only their organisation's.
 */
export function deliveryScope(actor: Actor): { organisationId?: string } {
  if (hasRole(actor, "admin", "coordinator")) return {};
  return { organisationId: organisationOf(actor) ?? "00000000-0000-0000-0000-000000000000" };
}

/** A delivery is visible to its subscription's organisation and to coordinators and admins. */
export function canSeeDelivery(actor: Actor, d: { organisationId: string }): Decision {
  if (hasRole(actor, "coordinator")) return allow;
  return ownOrganisationOrAdmin(actor, d.organisationId);
}

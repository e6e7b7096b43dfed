import { type Actor, hasRole, type Scope, type UserActor } from "../auth/actor.ts";
import { allow, type Decision, deny } from "../auth/policy.ts";

/** The organisation a caller acts for: a person's or an API token's; none for the public. */
export function organisationOf(actor: Actor): string | undefined {
  return actor.kind === "public" ? undefined : actor.organisationId;
}

/**
 * Whether an object belongs to the caller's organisation. A miss is hidden (404), so that
 * ids of other organisations' objects reveal nothing.
 * @example assertAllowed(sameOrganisation(actor, subscription.organisationId));
 */
export function sameOrganisation(actor: Actor, organisationId: string): Decision {
  return organisationOf(actor) === organisationId ? allow : deny("不属于你的单位", { hide: true });
}

/** Admins see everything; others only their own organisation's objects (hidden otherwise). */
export function ownOrganisationOrAdmin(actor: Actor, organisationId: string): Decision {
  return hasRole(actor, "admin") ? allow : sameOrganisation(actor, organisationId);
}

/** Scopes a person may grant to a new API token: admins any, media only their feed's. */
export const mediaGrantableScopes: readonly Scope[] = [
  "feed:read",
  "subscriptions:manage",
  "deliveries:read",
];

/** May this person create a token with these scopes? */
export function canGrantScopes(actor: UserActor, wanted: readonly Scope[]): Decision {
  if (actor.roles.includes("admin")) return allow;
  if (!actor.roles.includes("media")) return deny("只有媒体用户和管理员可以创建 API 令牌");
  const refused = wanted.filter((s) => !mediaGrantableScopes.includes(s));
  return refused.length ? deny(`媒体用户不能授予权限：${refused.join(", ")}`) : allow;
}

/** May the caller see or revoke this API token? Own organisation's tokens; admins all. */
export function canManageApiToken(actor: Actor, token: { organisationId: string }): Decision {
  return ownOrganisationOrAdmin(actor, token.organisationId);
}

/** Admins manage people and organisations; nobody removes their own admin role or deactivates themselves. */
export function canChangeUser(
  actor: UserActor,
  target: { id: string },
  change: { roles?: readonly string[]; active?: boolean },
): Decision {
  if (!actor.roles.includes("admin")) return deny("只有管理员可以修改人员");
  if (actor.userId !== target.id) return allow;
  if (change.active === false) return deny("不能停用自己的账号");
  if (change.roles && !change.roles.includes("admin")) return deny("不能取消自己的管理员角色");
  return allow;
}

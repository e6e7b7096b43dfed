import type { OrganisationKind } from "../vocabulary/organisation-kinds.ts";
import type { Role } from "../vocabulary/roles.ts";

export { type Role, roles } from "../vocabulary/roles.ts";

/** What an API token may do; media and integrations get tokens, not logins. */
export const scopes = [
  "feed:read",
  "subscriptions:manage",
  "deliveries:read",
  "library:import",
] as const;
export type Scope = (typeof scopes)[number];

export {
  type OrganisationKind,
  organisationKinds,
} from "../vocabulary/organisation-kinds.ts";

/** A signed-in person (session token as bearer or cookie). */
export interface UserActor {
  kind: "user";
  userId: string;
  sessionId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: Role[];
  name: string;
  email: string;
}

/** An integration calling with an API token of its organisation. */
export interface TokenActor {
  kind: "token";
  tokenId: string;
  organisationId: string;
  scopes: Scope[];
  name: string;
}

export interface PublicActor {
  kind: "public";
}

export type Actor = UserActor | TokenActor | PublicActor;

/** Where a request came from, for the audit trail and rate limits. */
export interface RequestMeta {
  ip: string;
  requestId: string;
  userAgent?: string;
}

export const publicActor: PublicActor = { kind: "public" };

export function hasRole(actor: Actor, ...wanted: Role[]): actor is UserActor {
  return actor.kind === "user" && wanted.some((r) => actor.roles.includes(r));
}

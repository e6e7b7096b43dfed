import type { OrganisationRecord, UserRecord } from "./db/access.ts";

/** A person as the API shows them (never their password hash). */
export function presentUser(u: UserRecord) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: u.roles,
    expertise: u.expertise,
    active: u.active,
    hasPassword: u.hasPassword,
    organisation: u.organisation,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

/** An organisation as the API shows it. */
export function presentOrganisation(o: OrganisationRecord & { userCount?: number }) {
  return {
    id: o.id,
    slug: o.slug,
    name: o.name,
    kind: o.kind,
    regionCode: o.regionCode,
    createdAt: o.createdAt.toISOString(),
    ...(o.userCount === undefined ? {} : { userCount: o.userCount }),
  };
}

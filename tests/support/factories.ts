import crypto from "node:crypto";
import type { Role, Scope } from "../../src/auth/actor.ts";
import { newToken } from "../../src/auth/tokens.ts";
import type { Sql } from "../../src/db/client.ts";

/**
 * Factories build the rows a test needs, each with unique names, so that tests never lean on
 * seed rows. They write through SQL on purpose: they set up a situation, they do not test a
 * service.
 */
const unique = () => crypto.randomBytes(4).toString("hex");

export interface OrganisationRow {
  id: string;
  slug: string;
  name: string;
  kind: string;
  regionCode: string;
}

export async function createOrganisation(
  sql: Sql,
  o: Partial<{ slug: string; name: string; kind: string; regionCode: string }> = {},
): Promise<OrganisationRow> {
  const slug = o.slug ?? `org-${unique()}`;
  const [row] = await sql`
    insert into organisations (slug, name, kind, region_code)
    values (${slug}, ${o.name ?? `测试单位 ${slug}`}, ${o.kind ?? "government"},
            ${o.regionCode ?? "460000"})
    returning id, slug, name, kind, region_code`;
  return row as unknown as OrganisationRow;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  organisationId: string;
  roles: Role[];
}

/** A person; with `password` set, its hash is stored by the caller-provided hasher. */
export async function createUser(
  sql: Sql,
  u: Partial<{
    email: string;
    name: string;
    organisationId: string;
    roles: Role[];
    expertise: string[];
    passwordHash: string | null;
    active: boolean;
  }> = {},
): Promise<UserRow> {
  const organisationId = u.organisationId ?? (await createOrganisation(sql)).id;
  const [row] = await sql`
    insert into users (email, name, organisation_id, roles, expertise, password_hash, active)
    values (${u.email ?? `user-${unique()}@test.chorus`}, ${u.name ?? `测试用户 ${unique()}`},
            ${organisationId}, ${u.roles ?? []}, ${u.expertise ?? []}, ${u.passwordHash ?? null},
            ${u.active ?? true})
    returning id, email, name, organisation_id, roles`;
  return row as unknown as UserRow;
}

/** A live session for the user; returns the bearer token. */
export async function createSession(
  sql: Sql,
  userId: string,
  opts: { expiresInMs?: number } = {},
): Promise<string> {
  const { token, hash } = newToken("session");
  const expires = new Date(Date.now() + (opts.expiresInMs ?? 3_600_000));
  await sql`insert into sessions (user_id, token_hash, expires_at)
            values (${userId}, ${hash}, ${expires})`;
  return token;
}

/** A person with the given roles and a live session: `{ user, token, auth }`. */
export async function signedInUser(
  sql: Sql,
  roles: Role[],
  u: Parameters<typeof createUser>[1] = {},
) {
  const user = await createUser(sql, { ...u, roles });
  const token = await createSession(sql, user.id);
  return { user, token, auth: { authorization: `Bearer ${token}` } };
}

/** An API token of an organisation with the given scopes. */
export async function createApiToken(sql: Sql, organisationId: string, scopes: Scope[]) {
  const { token, hash } = newToken("api");
  const [row] = await sql`
    insert into api_tokens (organisation_id, name, token_hash, scopes)
    values (${organisationId}, ${`token-${unique()}`}, ${hash}, ${scopes})
    returning id`;
  return { id: row!.id as string, token, auth: { authorization: `Bearer ${token}` } };
}

import type { Sql } from "../../db/client.ts";

/** Sessions end after this long without use, even before their absolute expiry. */
export const SESSION_IDLE_INTERVAL = "12 hours";

/** The live session for a token hash with its user and organisation, or undefined. */
export async function findSessionActor(sql: Sql, tokenHash: string) {
  const [row] = await sql`
    select s.id as session_id, s.last_seen_at, u.id as user_id, u.name, u.email, u.roles,
           u.organisation_id, o.kind as organisation_kind
    from sessions s
    join users u on u.id = s.user_id
    join organisations o on o.id = u.organisation_id
    where s.token_hash = ${tokenHash}
      and s.revoked_at is null and s.expires_at > now() and u.active
      and s.last_seen_at > now() - ${SESSION_IDLE_INTERVAL}::interval`;
  return row as
    | {
        sessionId: string;
        lastSeenAt: Date;
        userId: string;
        name: string;
        email: string;
        roles: string[];
        organisationId: string;
        organisationKind: string;
      }
    | undefined;
}

export async function touchSession(sql: Sql, sessionId: string) {
  await sql`update sessions set last_seen_at = now() where id = ${sessionId}`;
}

/** The live API token for a hash, or undefined. */
export async function findApiToken(sql: Sql, tokenHash: string) {
  const [row] = await sql`
    select id, organisation_id, scopes, name, last_used_at from api_tokens
    where token_hash = ${tokenHash} and revoked_at is null`;
  return row as
    | {
        id: string;
        organisationId: string;
        scopes: string[];
        name: string;
        lastUsedAt: Date | null;
      }
    | undefined;
}

export async function touchApiToken(sql: Sql, tokenId: string) {
  await sql`update api_tokens set last_used_at = now() where id = ${tokenId}`;
}

/** Failure counts of sign-in keys (`account:…`, `address:…`) whose window is still open. */
export async function findLoginFailures(sql: Sql, keys: string[], windowMs: number, now: Date) {
  return sql<{ key: string; count: number; windowStartedAt: Date; lastFailedAt: Date | null }[]>`
    select key, count, window_started_at, last_failed_at from login_failures
    where key in ${sql(keys)}
      and window_started_at > ${now}::timestamptz - ${windowMs} * interval '1 millisecond'`;
}

/** Counts one failed sign-in for a key, starting a new window when the old one has passed. */
export async function recordLoginFailure(sql: Sql, key: string, windowMs: number, now: Date) {
  await sql`
    insert into login_failures (key, count, window_started_at, last_failed_at)
    values (${key}, 1, ${now}, ${now})
    on conflict (key) do update set
      last_failed_at = ${now},
      count = case when login_failures.window_started_at
                        > ${now}::timestamptz - ${windowMs} * interval '1 millisecond'
                   then login_failures.count + 1 else 1 end,
      window_started_at = case when login_failures.window_started_at
                        > ${now}::timestamptz - ${windowMs} * interval '1 millisecond'
                   then login_failures.window_started_at else ${now} end`;
}

export async function clearLoginFailures(sql: Sql, key: string) {
  await sql`delete from login_failures where key = ${key}`;
}

/** The person behind an email for sign-in, with the hash to check; undefined when unknown. */
export async function findUserForLogin(sql: Sql, email: string) {
  const [row] = await sql`
    select id, password_hash, active from users where lower(email) = lower(${email})`;
  return row as { id: string; passwordHash: string | null; active: boolean } | undefined;
}

export async function insertSession(
  sql: Sql,
  s: { userId: string; tokenHash: string; expiresAt: Date; ip: string; userAgent?: string },
) {
  const [row] = await sql`
    insert into sessions (user_id, token_hash, expires_at, ip, user_agent)
    values (${s.userId}, ${s.tokenHash}, ${s.expiresAt}, ${s.ip}, ${s.userAgent ?? null})
    returning id`;
  return row!.id as string;
}

export async function findSessionExpiry(sql: Sql, sessionId: string) {
  const [row] = await sql`select expires_at from sessions where id = ${sessionId}`;
  return row?.expiresAt as Date | undefined;
}

export async function revokeSession(sql: Sql, sessionId: string) {
  await sql`update sessions set revoked_at = now() where id = ${sessionId} and revoked_at is null`;
}

/** Revokes every live session of a person; returns how many were live. */
export async function revokeUserSessions(sql: Sql, userId: string): Promise<number> {
  const rows = await sql`
    update sessions set revoked_at = now()
    where user_id = ${userId} and revoked_at is null and expires_at > now() returning id`;
  return rows.length;
}

export interface ApiTokenRecord {
  id: string;
  organisationId: string;
  name: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const tokenColumns = (sql: Sql) =>
  sql`id, organisation_id, name, scopes, created_by, created_at, last_used_at, revoked_at`;

export async function insertApiToken(
  sql: Sql,
  t: {
    organisationId: string;
    name: string;
    tokenHash: string;
    scopes: string[];
    createdBy: string;
  },
) {
  const [row] = await sql`
    insert into api_tokens (organisation_id, created_by, name, token_hash, scopes)
    values (${t.organisationId}, ${t.createdBy}, ${t.name}, ${t.tokenHash}, ${t.scopes})
    returning ${tokenColumns(sql)}`;
  return row as ApiTokenRecord;
}

/** An organisation's API tokens, newest first; revoked ones only when asked. */
export async function listApiTokens(sql: Sql, organisationId: string, includeRevoked: boolean) {
  return sql<ApiTokenRecord[]>`
    select ${tokenColumns(sql)} from api_tokens
    where organisation_id = ${organisationId} and (${includeRevoked} or revoked_at is null)
    order by created_at desc, id`;
}

export async function findApiTokenById(sql: Sql, id: string) {
  const [row] = await sql`select ${tokenColumns(sql)} from api_tokens where id = ${id}`;
  return row as ApiTokenRecord | undefined;
}

export async function revokeApiToken(sql: Sql, id: string) {
  await sql`update api_tokens set revoked_at = now() where id = ${id} and revoked_at is null`;
}

/**
 * Which of these credentials were revoked (sessions, API tokens) or whose person was
 * deactivated: for sockets that connected before a revocation this process did not hear.
 */
export async function revokedCredentials(
  sql: Sql,
  ids: { sessionIds: string[]; tokenIds: string[]; userIds: string[] },
) {
  return sql<{ kind: "session" | "api_token" | "user"; id: string }[]>`
    select 'session' as kind, id::text from sessions
      where id = any(${ids.sessionIds}::uuid[]) and revoked_at is not null
    union all
    select 'api_token', id::text from api_tokens
      where id = any(${ids.tokenIds}::uuid[]) and revoked_at is not null
    union all
    select 'user', id::text from users where id = any(${ids.userIds}::uuid[]) and not active`;
}

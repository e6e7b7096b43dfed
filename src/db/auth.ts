import type { Sql } from "./client.ts";

/** The live session for a token hash with its user and organisation, or undefined. */
export async function findSessionActor(sql: Sql, tokenHash: string) {
  const [row] = await sql`
    select s.id as session_id, s.last_seen_at, u.id as user_id, u.name, u.email, u.roles,
           u.organisation_id, o.kind as organisation_kind
    from sessions s
    join users u on u.id = s.user_id
    join organisations o on o.id = u.organisation_id
    where s.token_hash = ${tokenHash}
      and s.revoked_at is null and s.expires_at > now() and u.active`;
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

import { appendAudit } from "../audit/append.ts";
import type { Scope, UserActor } from "../auth/actor.ts";
import { assertAllowed, deny } from "../auth/policy.ts";
import { newToken } from "../auth/tokens.ts";
import type { StaffCtx } from "../context.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../http/errors.ts";
import { findOrganisation } from "./db/access.ts";
import {
  type ApiTokenRecord,
  findApiTokenById,
  insertApiToken,
  listApiTokens as listTokenRows,
  revokeApiToken as revokeTokenRow,
} from "./db/auth.ts";
import { canGrantScopes, canManageApiToken } from "./policy.ts";

/** A token as listed: never the secret itself. */
export function presentApiToken(t: ApiTokenRecord) {
  return {
    id: t.id,
    organisationId: t.organisationId,
    name: t.name,
    scopes: t.scopes,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** Which organisation an operation is about: the caller's own; admins may name another. */
async function targetOrganisation(deps: Deps, actor: UserActor, organisationId?: string) {
  if (!organisationId || organisationId === actor.organisationId) return actor.organisationId;
  assertAllowed(actor.roles.includes("admin") ? { allowed: true } : deny("", { hide: true }));
  if (!(await findOrganisation(deps.sql, organisationId)))
    throw new AppError("not_found", "单位不存在");
  return organisationId;
}

/** Creates an API token for the caller's organisation; the token is returned once only. */
export async function createApiToken(
  { deps, actor, meta }: StaffCtx,
  input: { name: string; scopes: Scope[]; organisationId?: string },
) {
  assertAllowed(canGrantScopes(actor, input.scopes));
  const organisationId = await targetOrganisation(deps, actor, input.organisationId);
  const { token, hash } = newToken("api");
  const scopes = [...new Set(input.scopes)];
  const row = await deps.sql.begin(async (tx) => {
    const created = await insertApiToken(tx, {
      organisationId,
      name: input.name,
      tokenHash: hash,
      scopes,
      createdBy: actor.userId,
    });
    await appendAudit(tx, {
      actor,
      action: "api_token.created",
      object: { type: "api_token", id: created.id },
      meta,
      data: { name: input.name, scopes, organisationId },
    });
    return created;
  });
  return { ...presentApiToken(row), token };
}

/** The API tokens of the caller's organisation (admins: of any organisation). */
export async function listApiTokens(
  { deps, actor }: StaffCtx,
  filters: { organisationId?: string; includeRevoked?: boolean },
) {
  const organisationId = await targetOrganisation(deps, actor, filters.organisationId);
  const rows = await listTokenRows(deps.sql, organisationId, filters.includeRevoked ?? false);
  return { items: rows.map(presentApiToken) };
}

/** Revokes a token of the caller's organisation; other organisations' tokens are not found. */
export async function revokeApiToken({ deps, actor, meta }: StaffCtx, { id }: { id: string }) {
  const row = await findApiTokenById(deps.sql, id);
  if (!row) throw new AppError("not_found", "令牌不存在");
  assertAllowed(canManageApiToken(actor, row));
  if (row.revokedAt) return;
  await deps.sql.begin(async (tx) => {
    await revokeTokenRow(tx, id);
    await appendAudit(tx, {
      actor,
      action: "api_token.revoked",
      object: { type: "api_token", id },
      meta,
      data: { name: row.name, organisationId: row.organisationId },
    });
  });
}

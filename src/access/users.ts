import { appendAudit } from "../audit/append.ts";
import type { RequestMeta, Role, UserActor } from "../auth/actor.ts";
import { hashPassword } from "../auth/password.ts";
import { assertAllowed } from "../auth/policy.ts";
import type { ServiceCtx, StaffCtx } from "../context.ts";
import type { Sql } from "../db/client.ts";
import { AppError } from "../http/errors.ts";
import {
  emailTaken,
  findUser,
  insertUser,
  listUsers as listUserRows,
  type UserFilters,
  updateUser as updateUserRow,
} from "./db/access.ts";
import { revokeUserSessions } from "./db/auth.ts";
import { canChangeUser } from "./policy.ts";
import { presentUser } from "./present.ts";
import { checkReferences, conflictOnUnique } from "./validate.ts";

export interface UserInput {
  email: string;
  name: string;
  organisationId: string;
  roles: Role[];
  expertise: string[];
  password?: string;
}

const EMAIL_TAKEN = "该邮箱已被使用";

/** People, filtered and paginated (admins and coordinators, who assign experts). */
export async function listUsers({ deps }: ServiceCtx, filters: UserFilters) {
  const { items, total } = await listUserRows(deps.sql, filters);
  return { items: items.map(presentUser), total, limit: filters.limit, offset: filters.offset };
}

/** One person (admins and coordinators); an unknown id is 404. */
export async function getUser({ deps }: ServiceCtx, { id }: { id: string }) {
  const user = await findUser(deps.sql, id);
  if (!user) throw new AppError("not_found", "人员不存在");
  return presentUser(user);
}

/** Creates a person (admins). Without a password they cannot sign in until one is set. */
export async function createUser({ deps, actor, meta }: StaffCtx, input: UserInput) {
  await checkReferences(deps.sql, input);
  if (await emailTaken(deps.sql, input.email)) throw new AppError("conflict", EMAIL_TAKEN);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const id = await deps.sql
    .begin(async (tx) => {
      const { password: _p, ...fields } = input;
      const created = await insertUser(tx, { ...fields, roles: unique(input.roles), passwordHash });
      await appendAudit(tx, {
        actor,
        action: "user.created",
        object: { type: "user", id: created },
        meta,
        data: { ...fields, hasPassword: passwordHash !== null },
      });
      return created;
    })
    .catch(conflictOnUnique(EMAIL_TAKEN));
  return presentUser((await findUser(deps.sql, id))!);
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

function diff(before: Record<string, unknown>, changes: Record<string, unknown>) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, to] of Object.entries(changes)) {
    if (to === undefined || k === "password") continue;
    const from = before[k];
    if (JSON.stringify(from) !== JSON.stringify(to)) out[k] = { from, to };
  }
  return out;
}

async function auditUserChange(
  tx: Sql,
  actor: UserActor,
  id: string,
  changed: Record<string, { from: unknown; to: unknown }>,
  extra: { passwordChanged: boolean; sessionsRevoked: number },
  meta: RequestMeta,
) {
  const object = { type: "user", id };
  await appendAudit(tx, {
    actor,
    action: "user.updated",
    object,
    meta,
    data: { changed, ...extra },
  });
  if (changed.roles) {
    await appendAudit(tx, {
      actor,
      action: "user.roles_changed",
      object,
      meta,
      data: changed.roles,
    });
  }
}

/**
 * Changes a person (admins): roles, expertise, organisation, active, password. Deactivating
 * someone, or moving them to another organisation, ends their sessions at once.
 */
export async function updateUser(
  { deps, actor, meta }: StaffCtx,
  { id, ...changes }: Partial<UserInput> & { active?: boolean; id: string },
) {
  const before = await findUser(deps.sql, id);
  if (!before) throw new AppError("not_found", "人员不存在");
  assertAllowed(canChangeUser(actor, before, changes));
  await checkReferences(deps.sql, changes);
  if (changes.email && (await emailTaken(deps.sql, changes.email, id))) {
    throw new AppError("conflict", EMAIL_TAKEN);
  }
  const passwordHash = changes.password ? await hashPassword(changes.password) : undefined;
  const roles = changes.roles && unique(changes.roles);
  const flat = { ...before, organisationId: before.organisation.id };
  const changed = diff(flat, { ...changes, roles });
  const endSessions =
    changes.active === false || "organisationId" in changed || passwordHash !== undefined;
  await deps.sql
    .begin(async (tx) => {
      await updateUserRow(tx, id, { ...changes, roles, passwordHash });
      const sessionsRevoked = endSessions ? await revokeUserSessions(tx, id) : 0;
      const extra = { passwordChanged: passwordHash !== undefined, sessionsRevoked };
      await auditUserChange(tx, actor, id, changed, extra, meta);
    })
    .catch(conflictOnUnique(EMAIL_TAKEN));
  return presentUser((await findUser(deps.sql, id))!);
}

/** Ends every session of a person at once (admins), e.g. a lost laptop. */
export async function revokeSessionsOfUser(
  { deps, actor, meta }: StaffCtx,
  { id }: { id: string },
) {
  if (!(await findUser(deps.sql, id))) throw new AppError("not_found", "人员不存在");
  return deps.sql.begin(async (tx) => {
    const revoked = await revokeUserSessions(tx, id);
    await appendAudit(tx, {
      actor,
      action: "user.sessions_revoked",
      object: { type: "user", id },
      meta,
      data: { revoked },
    });
    return { revoked };
  });
}

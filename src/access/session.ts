import { appendAudit } from "../audit/append.ts";
import type { StaffCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { findUser } from "./db/access.ts";
import { findSessionExpiry, revokeSession } from "./db/auth.ts";
import { presentUser } from "./present.ts";

/** Ends the caller's own session. */
export async function logout({ deps, actor, meta }: StaffCtx): Promise<void> {
  await deps.sql.begin(async (tx) => {
    await revokeSession(tx, actor.sessionId);
    await appendAudit(tx, {
      actor,
      action: "session.logout",
      object: { type: "session", id: actor.sessionId },
      meta,
    });
  });
}

/** Who is signed in: the person, their organisation and roles, and when the session ends. */
export async function getSession({ deps, actor }: StaffCtx) {
  const [user, expiresAt] = await Promise.all([
    findUser(deps.sql, actor.userId),
    findSessionExpiry(deps.sql, actor.sessionId),
  ]);
  if (!user || !expiresAt) throw new AppError("unauthenticated", "会话已失效，请重新登录");
  return { user: presentUser(user), expiresAt: expiresAt.toISOString() };
}

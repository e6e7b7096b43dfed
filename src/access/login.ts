import { appendAudit } from "../audit/append.ts";
import type { RequestMeta, UserActor } from "../auth/actor.ts";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "../auth/password.ts";
import { newToken } from "../auth/tokens.ts";
import type { ServiceCtx } from "../context.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../http/errors.ts";
import { rateLimited } from "../http/rate-limit.ts";
import { findUser } from "./db/access.ts";
import {
  clearLoginFailures,
  findLoginFailures,
  findUserForLogin,
  insertSession,
  recordLoginFailure,
} from "./db/auth.ts";
import { presentUser } from "./present.ts";

/** Sessions last at most this long; they also end after 12 idle hours (src/access/db/auth.ts). */
export const SESSION_TTL_MS = 7 * 24 * 3_600_000;
/** Failed sign-ins allowed per window, per account and per address. */
export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 };

const keysFor = (email: string, ip: string) => ({
  account: `account:${email.trim().toLowerCase()}`,
  address: `address:${ip}`,
});

async function refuseWhenLimited(deps: Deps, keys: { account: string; address: string }) {
  const now = deps.now();
  const rows = await findLoginFailures(
    deps.sql,
    [keys.account, keys.address],
    LOGIN_LIMITS.windowMs,
    now,
  );
  for (const r of rows) {
    const max = r.key === keys.account ? LOGIN_LIMITS.perAccount : LOGIN_LIMITS.perAddress;
    if (r.count < max) continue;
    const ends = r.windowStartedAt.getTime() + LOGIN_LIMITS.windowMs;
    const retryAfter = Math.max(1, Math.ceil((ends - now.getTime()) / 1000));
    throw rateLimited(retryAfter, "登录失败次数过多，请稍后再试");
  }
}

async function fail(
  deps: Deps,
  email: string,
  meta: RequestMeta,
  keys: { account: string; address: string },
) {
  await deps.sql.begin(async (tx) => {
    await recordLoginFailure(tx, keys.account, LOGIN_LIMITS.windowMs, deps.now());
    await recordLoginFailure(tx, keys.address, LOGIN_LIMITS.windowMs, deps.now());
    await appendAudit(tx, {
      actor: { kind: "public" },
      action: "session.login_failed",
      object: { type: "account", id: email.trim().toLowerCase() },
      meta,
      data: { email },
    });
  });
  return new AppError("unauthenticated", "邮箱或密码不正确");
}

/**
 * Signs a person in: checks the password (an unknown email costs the same work and gets the same
 * answer), counts failures per account and address, and opens a session.
 */
export async function login(
  { deps, meta }: ServiceCtx,
  input: { email: string; password: string },
) {
  const keys = keysFor(input.email, meta.ip);
  await refuseWhenLimited(deps, keys);
  const found = await findUserForLogin(deps.sql, input.email);
  const hash = found?.passwordHash ?? DUMMY_PASSWORD_HASH;
  const matches = await verifyPassword(input.password, hash);
  if (!found?.passwordHash || !found.active || !matches) {
    throw await fail(deps, input.email, meta, keys);
  }
  const user = (await findUser(deps.sql, found.id))!;
  const { token, hash: tokenHash } = newToken("session");
  const expiresAt = new Date(deps.now().getTime() + SESSION_TTL_MS);
  const sessionId = await deps.sql.begin(async (tx) => {
    const id = await insertSession(tx, { userId: user.id, tokenHash, expiresAt, ...meta });
    await clearLoginFailures(tx, keys.account);
    const actor: UserActor = {
      kind: "user",
      userId: user.id,
      sessionId: id,
      organisationId: user.organisation.id,
      organisationKind: user.organisation.kind as UserActor["organisationKind"],
      roles: user.roles as UserActor["roles"],
      name: user.name,
      email: user.email,
    };
    await appendAudit(tx, {
      actor,
      action: "session.login",
      object: { type: "session", id },
      meta,
    });
    return id;
  });
  return { token, sessionId, expiresAt, user: presentUser(user) };
}

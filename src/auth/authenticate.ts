import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { findApiToken, findSessionActor, touchApiToken, touchSession } from "../access/db/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { AppError } from "../http/errors.ts";
import { type Actor, publicActor, type Role, type Scope } from "./actor.ts";
import { hashToken, tokenKind } from "./tokens.ts";

export const SESSION_COOKIE = "chorus_session";
const TOUCH_AFTER_MS = 60_000;

/** Reads a bearer token or the session cookie, not both; says which one it used. */
function presentedToken(c: Parameters<MiddlewareHandler<AppEnv>>[0]) {
  const header = c.req.header("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError("unauthenticated", "Authorization 头须为 Bearer 令牌");
    return { token: match[1]!, via: "bearer" as const };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { token: cookie, via: "cookie" as const } : undefined;
}

async function resolve(
  c: Parameters<MiddlewareHandler<AppEnv>>[0],
  token: string,
): Promise<Actor | undefined> {
  const { sql } = c.get("deps");
  const kind = tokenKind(token);
  const hash = hashToken(token);
  if (kind === "session") {
    const s = await findSessionActor(sql, hash);
    if (!s) return undefined;
    if (Date.now() - s.lastSeenAt.getTime() > TOUCH_AFTER_MS) await touchSession(sql, s.sessionId);
    return {
      kind: "user",
      userId: s.userId,
      sessionId: s.sessionId,
      organisationId: s.organisationId,
      organisationKind: s.organisationKind as never,
      roles: s.roles as Role[],
      name: s.name,
      email: s.email,
    };
  }
  if (kind === "api") {
    const t = await findApiToken(sql, hash);
    if (!t) return undefined;
    if (!t.lastUsedAt || Date.now() - t.lastUsedAt.getTime() > TOUCH_AFTER_MS) {
      await touchApiToken(sql, t.id);
    }
    return {
      kind: "token",
      tokenId: t.id,
      organisationId: t.organisationId,
      scopes: t.scopes as Scope[],
      name: t.name,
    };
  }
  return undefined;
}

/**
 * Sets `actor` (public when no credentials) and `authVia`. A presented token that is unknown,
 * expired or revoked is a 401 — it never silently falls back to public.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Prometheus presents METRICS_TOKEN as a bearer token: /metrics checks it itself.
  if (c.req.path === "/metrics") {
    c.set("actor", publicActor);
    c.set("authVia", "none");
    return next();
  }
  const presented = presentedToken(c);
  if (!presented) {
    c.set("actor", publicActor);
    c.set("authVia", "none");
    return next();
  }
  const actor = await resolve(c, presented.token);
  if (!actor) {
    if (presented.via === "cookie") {
      c.set("actor", publicActor);
      c.set("authVia", "none");
      c.set("staleSession", true);
      return next();
    }
    throw new AppError("unauthenticated", "令牌无效、已过期或已被撤销");
  }
  c.set("actor", actor);
  c.set("authVia", presented.via);
  return next();
};

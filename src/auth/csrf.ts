import crypto from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../http/env.ts";
import { AppError } from "../http/errors.ts";
import { SESSION_COOKIE } from "./authenticate.ts";

/** Readable by pages' scripts; holds the CSRF token of the current session. */
export const CSRF_COOKIE = "chorus_csrf";
export const CSRF_HEADER = "x-csrf-token";
/** The form field server-rendered pages embed (`<input type="hidden" name="_csrf">`). */
export const CSRF_FIELD = "_csrf";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * The CSRF token of a session: derived from the session token, which only the httpOnly cookie
 * holds, so a forger who cannot read the cookie cannot compute it.
 */
export function csrfTokenForSession(sessionToken: string): string {
  return crypto.createHash("sha256").update(`chorus-csrf\n${sessionToken}`).digest("base64url");
}

/**
 * The token a server-rendered page embeds for the current cookie session, or undefined.
 * @example html`<input type="hidden" name="_csrf" value="${csrfToken(c) ?? ""}">`
 */
export function csrfToken(c: Context<AppEnv>): string | undefined {
  if (c.get("authVia") !== "cookie") return undefined;
  const session = getCookie(c, SESSION_COOKIE);
  return session ? csrfTokenForSession(session) : undefined;
}

/** Whether a request comes from our own pages: Origin equals PUBLIC_URL's, or is same-site. */
export function sameOrigin(c: Context<AppEnv>): boolean {
  const origin = c.req.header("origin");
  if (origin && origin !== "null") return origin === new URL(c.get("deps").config.publicUrl).origin;
  return c.req.header("sec-fetch-site") !== "cross-site";
}

async function presentedToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  if (!FORM.test(c.req.header("content-type") ?? "")) return undefined;
  const body = await c.req.parseBody();
  const field = body[CSRF_FIELD];
  return typeof field === "string" ? field : undefined;
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Refuses (403 `csrf_failed`) unsafe requests authenticated by the session cookie unless they
 * carry the session's CSRF token (header or form field) and do not come from another origin.
 * Bearer-token requests are exempt: browsers never attach those on their own.
 */
export const csrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE.has(c.req.method) || c.get("authVia") !== "cookie") return next();
  const expected = csrfToken(c);
  const presented = await presentedToken(c);
  if (!expected || !presented || !equal(presented, expected) || !sameOrigin(c)) {
    throw new AppError("csrf_failed", "请求来源校验失败，请刷新页面后重试");
  }
  return next();
};

/**
 * Login CSRF: a sign-in form posted from another site would sign the victim into the forger's
 * account. There is no session to bind a token to yet, so the request's origin decides.
 */
export const sameOriginOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!sameOrigin(c)) throw new AppError("csrf_failed", "请求来源校验失败，请从本站登录页登录");
  return next();
};

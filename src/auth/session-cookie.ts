import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { Config } from "../config.ts";
import type { AppEnv } from "../http/env.ts";
import { SESSION_COOKIE } from "./authenticate.ts";
import { CSRF_COOKIE, csrfTokenForSession } from "./csrf.ts";

/**
 * Whether people reach us over https (PUBLIC_URL): then cookies are `Secure` and every response
 * carries HSTS; on http (local development, tests) neither, or the browser would drop them.
 */
export function servedOverHttps(config: Pick<Config, "publicUrl">): boolean {
  return config.publicUrl.startsWith("https:");
}

/** Sets the httpOnly session cookie and the readable CSRF cookie that goes with it. */
export function setSessionCookies(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  const secure = servedOverHttps(c.get("deps").config);
  const base = { path: "/", sameSite: "Lax" as const, secure, expires: expiresAt };
  setCookie(c, SESSION_COOKIE, token, { ...base, httpOnly: true });
  setCookie(c, CSRF_COOKIE, csrfTokenForSession(token), { ...base, httpOnly: false });
}

/** Removes both cookies (sign-out). */
export function clearSessionCookies(c: Context<AppEnv>): void {
  const secure = servedOverHttps(c.get("deps").config);
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure });
  deleteCookie(c, CSRF_COOKIE, { path: "/", secure });
}

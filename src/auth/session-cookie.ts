import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../http/env.ts";
import { SESSION_COOKIE } from "./authenticate.ts";
import { CSRF_COOKIE, csrfTokenForSession } from "./csrf.ts";

/** Sets the httpOnly session cookie and the readable CSRF cookie that goes with it. */
export function setSessionCookies(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  const secure = c.get("deps").config.publicUrl.startsWith("https:");
  const base = { path: "/", sameSite: "Lax" as const, secure, expires: expiresAt };
  setCookie(c, SESSION_COOKIE, token, { ...base, httpOnly: true });
  setCookie(c, CSRF_COOKIE, csrfTokenForSession(token), { ...base, httpOnly: false });
}

/** Removes both cookies (sign-out). */
export function clearSessionCookies(c: Context<AppEnv>): void {
  const secure = c.get("deps").config.publicUrl.startsWith("https:");
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure });
  deleteCookie(c, CSRF_COOKIE, { path: "/", secure });
}

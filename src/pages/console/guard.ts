import type { Context, MiddlewareHandler } from "hono";
import { type AccessSpec, enforceAccess } from "../../auth/access.ts";
import type { Role, UserActor } from "../../auth/actor.ts";
import type { AppEnv } from "../../http/env.ts";

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : "/console";
}

/**
 * Console pages need a signed-in person; others are sent to sign in and come back after. An
 * expired session is told so (the page's draft stays in the browser).
 */
export const requireConsoleUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("actor").kind === "user") return next();
  const params = new URLSearchParams({ next: c.req.path + (new URL(c.req.url).search || "") });
  if (c.get("staleSession")) params.set("expired", "1");
  return c.redirect(`/console/sign-in?${params}`, 303);
};

/** The signed-in person of a console page (after requireConsoleUser). */
export function consoleUser(c: Context<AppEnv>): UserActor {
  return c.get("actor") as UserActor;
}

export function hasAnyRole(user: UserActor, roles: readonly Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}

/**
 * A console page that performs an API operation is held to that operation's declared access
 * (its `x-chorus-access`), so the browser and the API can never disagree on who may do what.
 * Signed-out visitors are sent to sign in first.
 * @example app.post("/console/cases/:id/triage", ...asOperation(triageCaseRoute), handler)
 */
export function asOperation(route: { "x-chorus-access": AccessSpec }) {
  return [requireConsoleUser, enforceAccess(route["x-chorus-access"])] as const;
}

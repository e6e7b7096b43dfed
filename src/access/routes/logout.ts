import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import { clearSessionCookies } from "../../auth/session-cookie.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { logout } from "../session.ts";
import { problems } from "./schemas.ts";

export const logoutRoute = createRoute({
  operationId: "logout",
  method: "delete",
  path: "/api/v1/session",
  tags: ["access"],
  summary: "Sign out: revoke the current session",
  ...access({ signedIn: true }),
  responses: { 204: { description: "Signed out" }, ...problems(401, 403) },
});

/** `logout`: revokes the caller's session and clears the cookies. */
export function registerLogout(app: App): void {
  app.openapi(logoutRoute, async (c) => {
    await logout(staffCtx(c));
    clearSessionCookies(c);
    return c.body(null, 204);
  });
}

import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import { csrfToken } from "../../auth/csrf.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { getSession } from "../session.ts";
import { json, problems, User } from "./schemas.ts";

const SessionInfo = z
  .object({
    user: User,
    expiresAt: z.string(),
    csrfToken: z.string().optional().openapi({ description: "Present for cookie sessions" }),
  })
  .openapi("SessionInfo");

export const getSessionRoute = createRoute({
  operationId: "getSession",
  method: "get",
  path: "/api/v1/session",
  tags: ["access"],
  summary: "Who am I: the signed-in person, organisation and roles",
  ...access({ signedIn: true }),
  responses: { 200: json(SessionInfo, "The current session"), ...problems(401, 403) },
});

/** `getSession`: the signed-in person, with the CSRF token for cookie sessions. */
export function registerGetSession(app: App): void {
  app.openapi(getSessionRoute, async (c) => {
    const info = await getSession(staffCtx(c));
    const token = csrfToken(c);
    return c.json({ ...info, ...(token ? { csrfToken: token } : {}) }, 200);
  });
}

import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { revokeSessionsOfUser } from "../users.ts";
import { IdParam, json, problems } from "./schemas.ts";

export const revokeUserSessionsRoute = createRoute({
  operationId: "revokeUserSessions",
  method: "delete",
  path: "/api/v1/users/{id}/sessions",
  tags: ["access"],
  summary: "End every session of a person (admins)",
  ...access({ roles: ["admin"] }),
  request: { params: IdParam },
  responses: {
    200: json(z.object({ revoked: z.number().int() }), "Sessions ended"),
    ...problems(400, 401, 403, 404),
  },
});

/** `revokeUserSessions`. */
export function registerRevokeUserSessions(app: App): void {
  app.openapi(revokeUserSessionsRoute, async (c) => {
    return c.json(await revokeSessionsOfUser(staffCtx(c), c.req.valid("param")), 200);
  });
}

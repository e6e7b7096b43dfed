import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { getUser } from "../users.ts";
import { IdParam, json, problems, User } from "./schemas.ts";

export const getUserRoute = createRoute({
  operationId: "getUser",
  method: "get",
  path: "/api/v1/users/{id}",
  tags: ["access"],
  summary: "One person with organisation, roles and expertise (admins, coordinators)",
  ...access({ roles: ["admin", "coordinator"] }),
  request: { params: IdParam },
  responses: { 200: json(User, "The person"), ...problems(400, 401, 403, 404) },
});

/** `getUser`. */
export function registerGetUser(app: App): void {
  app.openapi(getUserRoute, async (c) =>
    c.json(await getUser(serviceCtx(c), c.req.valid("param")), 200),
  );
}

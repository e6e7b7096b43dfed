import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { createUser } from "../users.ts";
import { json, problems, User, UserBody } from "./schemas.ts";

export const createUserRoute = createRoute({
  operationId: "createUser",
  method: "post",
  path: "/api/v1/users",
  tags: ["access"],
  summary: "Add a person to an organisation (admins)",
  description: "Expertise uses category slugs; without a password the person cannot sign in yet.",
  ...access({ roles: ["admin"] }),
  request: { body: { required: true, content: { "application/json": { schema: UserBody } } } },
  responses: { 201: json(User, "Created"), ...problems(400, 401, 403, 409) },
});

/** `createUser`. */
export function registerCreateUser(app: App): void {
  app.openapi(createUserRoute, async (c) => {
    const created = await createUser(staffCtx(c), c.req.valid("json"));
    return c.json(created, 201);
  });
}

import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { UserActor } from "../../auth/actor.ts";
import type { App } from "../../http/env.ts";
import { requestMeta } from "../../http/request-meta.ts";
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
    const actor = c.get("actor") as UserActor;
    const created = await createUser(c.get("deps"), actor, c.req.valid("json"), requestMeta(c));
    return c.json(created, 201);
  });
}

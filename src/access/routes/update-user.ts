import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { updateUser } from "../users.ts";
import { IdParam, json, problems, User, UserBody } from "./schemas.ts";

const Body = z
  .object({
    email: UserBody.shape.email,
    name: UserBody.shape.name,
    organisationId: UserBody.shape.organisationId,
    roles: UserBody.shape.roles.unwrap(),
    expertise: UserBody.shape.expertise.unwrap(),
    password: UserBody.shape.password.unwrap(),
    active: z.boolean(),
  })
  .partial()
  .strict();

export const updateUserRoute = createRoute({
  operationId: "updateUser",
  method: "patch",
  path: "/api/v1/users/{id}",
  tags: ["access"],
  summary: "Change a person's roles, expertise, organisation, password or active state (admins)",
  description: "Deactivating, moving organisation or setting a password ends their sessions.",
  ...access({ roles: ["admin"] }),
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: Body } } },
  },
  responses: { 200: json(User, "Updated"), ...problems(400, 401, 403, 404, 409) },
});

/** `updateUser`. */
export function registerUpdateUser(app: App): void {
  app.openapi(updateUserRoute, async (c) => {
    const input = { ...c.req.valid("json"), id: c.req.valid("param").id };
    return c.json(await updateUser(staffCtx(c), input), 200);
  });
}

import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { listUsers } from "../users.ts";
import { CategorySlug, json, problems, RoleEnum, User, Uuid } from "./schemas.ts";

const Query = z.object({
  organisationId: Uuid.optional(),
  role: RoleEnum.optional(),
  expertise: CategorySlug.optional(),
  active: z.enum(["true", "false"]).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const listUsersRoute = createRoute({
  operationId: "listUsers",
  method: "get",
  path: "/api/v1/users",
  tags: ["access"],
  summary: "People, by organisation, role or expertise (admins; coordinators to assign experts)",
  ...access({ roles: ["admin", "coordinator"] }),
  request: { query: Query },
  responses: {
    200: json(
      z.object({ items: z.array(User), total: z.number(), limit: z.number(), offset: z.number() }),
      "People",
    ),
    ...problems(400, 401, 403),
  },
});

/** `listUsers`. */
export function registerListUsers(app: App): void {
  app.openapi(listUsersRoute, async (c) => {
    const { active, ...q } = c.req.valid("query");
    const filters = { ...q, active: active === undefined ? undefined : active === "true" };
    return c.json(await listUsers(serviceCtx(c), filters), 200);
  });
}

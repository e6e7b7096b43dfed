import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { createApiToken } from "../api-tokens.ts";
import { ApiToken, json, problems, ScopeEnum, Uuid } from "./schemas.ts";

const Body = z.object({
  name: z.string().trim().min(1, "请填写令牌名称").max(100),
  scopes: z.array(ScopeEnum).min(1, "至少选择一项权限").max(10),
  organisationId: Uuid.optional().openapi({ description: "Admins only: another organisation" }),
});

const Created = ApiToken.extend({
  token: z.string().openapi({ description: "Shown once; store it now" }),
}).openapi("CreatedApiToken");

export const createApiTokenRoute = createRoute({
  operationId: "createApiToken",
  method: "post",
  path: "/api/v1/api-tokens",
  tags: ["access"],
  summary: "Create an API token for your organisation (shown once)",
  description:
    "Media may grant `feed:read`, `subscriptions:manage` and `deliveries:read`; admins any scope, " +
    "for any organisation. The token is stored hashed and returned only in this response.",
  ...access({ roles: ["admin", "media"] }),
  request: { body: { required: true, content: { "application/json": { schema: Body } } } },
  responses: { 201: json(Created, "Created"), ...problems(400, 401, 403, 404) },
});

/** `createApiToken`. */
export function registerCreateApiToken(app: App): void {
  app.openapi(createApiTokenRoute, async (c) => {
    const created = await createApiToken(staffCtx(c), c.req.valid("json"));
    return c.json(created, 201);
  });
}

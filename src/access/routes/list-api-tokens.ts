import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { listApiTokens } from "../api-tokens.ts";
import { ApiToken, json, problems, Uuid } from "./schemas.ts";

const Query = z.object({
  organisationId: Uuid.optional().openapi({ description: "Admins only" }),
  includeRevoked: z.enum(["true", "false"]).optional(),
});

export const listApiTokensRoute = createRoute({
  operationId: "listApiTokens",
  method: "get",
  path: "/api/v1/api-tokens",
  tags: ["access"],
  summary: "Your organisation's API tokens (never the token itself)",
  ...access({ roles: ["admin", "media"] }),
  request: { query: Query },
  responses: {
    200: json(z.object({ items: z.array(ApiToken) }), "Tokens"),
    ...problems(400, 401, 403, 404),
  },
});

/** `listApiTokens`. */
export function registerListApiTokens(app: App): void {
  app.openapi(listApiTokensRoute, async (c) => {
    const q = c.req.valid("query");
    const result = await listApiTokens(staffCtx(c), {
      organisationId: q.organisationId,
      includeRevoked: q.includeRevoked === "true",
    });
    return c.json(result, 200);
  });
}

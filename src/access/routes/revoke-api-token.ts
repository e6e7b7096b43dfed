import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { revokeApiToken } from "../api-tokens.ts";
import { IdParam, problems } from "./schemas.ts";

export const revokeApiTokenRoute = createRoute({
  operationId: "revokeApiToken",
  method: "delete",
  path: "/api/v1/api-tokens/{id}",
  tags: ["access"],
  summary: "Revoke an API token of your organisation",
  ...access({ roles: ["admin", "media"] }),
  request: { params: IdParam },
  responses: { 204: { description: "Revoked" }, ...problems(400, 401, 403, 404) },
});

/** `revokeApiToken`: immediate; revoking twice is harmless. */
export function registerRevokeApiToken(app: App): void {
  app.openapi(revokeApiTokenRoute, async (c) => {
    await revokeApiToken(staffCtx(c), c.req.valid("param"));
    return c.body(null, 204);
  });
}

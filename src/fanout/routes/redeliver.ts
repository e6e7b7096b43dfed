import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { redeliver } from "../redeliver.ts";
import { IdParam, json, problems } from "./schemas.ts";

export const redeliverRoute = createRoute({
  operationId: "redeliver",
  method: "post",
  path: "/api/v1/deliveries/{id}/redeliver",
  tags: ["fanout"],
  summary: "Send one delivery again",
  ...access({ roles: ["media", "admin", "coordinator"], scopes: ["subscriptions:manage"] }),
  request: { params: IdParam },
  responses: {
    202: json(z.object({ id: z.string(), status: z.literal("pending") }), "Queued"),
    ...problems(401, 403, 404),
  },
});

/** `redeliver`. */
export function registerRedeliver(app: App): void {
  app.openapi(redeliverRoute, async (c) => {
    return c.json(await redeliver(serviceCtx(c), c.req.valid("param")), 202);
  });
}

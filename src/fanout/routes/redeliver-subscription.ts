import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { redeliverSince } from "../redeliver.ts";
import { IdParam, json, problems } from "./schemas.ts";

const Body = z
  .object({
    since: z.iso.datetime({ offset: true, message: "须为 ISO 8601 时间" }).openapi({
      example: "2026-11-28T08:00:00+08:00",
    }),
  })
  .strict();

export const redeliverSubscriptionRoute = createRoute({
  operationId: "redeliverSubscription",
  method: "post",
  path: "/api/v1/subscriptions/{id}/redeliver",
  tags: ["fanout"],
  summary: "Send a subscription everything published since a time",
  description:
    "Includes matching events it never received (e.g. while paused). Receivers de-duplicate by event id.",
  ...access({ roles: ["media", "admin"], scopes: ["subscriptions:manage"] }),
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: Body } } },
  },
  responses: {
    202: json(
      z.object({ subscriptionId: z.string(), since: z.string(), deliveries: z.number().int() }),
      "Queued",
    ),
    ...problems(400, 401, 403, 404, 409),
  },
});

/** `redeliverSubscription`. */
export function registerRedeliverSubscription(app: App): void {
  app.openapi(redeliverSubscriptionRoute, async (c) => {
    const { id } = c.req.valid("param");
    const since = new Date(c.req.valid("json").since);
    const out = await redeliverSince(serviceCtx(c), { id, since });
    return c.json(out, 202);
  });
}

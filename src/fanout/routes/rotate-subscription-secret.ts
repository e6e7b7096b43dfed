import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { rotateSubscriptionSecret } from "../manage-subscription.ts";
import { IdParam, json, problems, subscriptionAccess } from "./schemas.ts";

const Body = z
  .object({
    keepPreviousForSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .default(86_400)
      .openapi({ description: "How long the old secret keeps signing too (default one day)" }),
  })
  .strict();

export const rotateSubscriptionSecretRoute = createRoute({
  operationId: "rotateSubscriptionSecret",
  method: "post",
  path: "/api/v1/subscriptions/{id}/rotate-secret",
  tags: ["fanout"],
  summary: "Issue a new webhook secret; both sign during the overlap window",
  ...access(subscriptionAccess),
  request: {
    params: IdParam,
    body: { required: false, content: { "application/json": { schema: Body } } },
  },
  responses: {
    200: json(
      z.object({ id: z.string(), secret: z.string(), previousSecretExpiresAt: z.string() }),
      "The new secret, shown once",
    ),
    ...problems(400, 401, 403, 404, 409),
  },
});

/** `rotateSubscriptionSecret`. */
export function registerRotateSubscriptionSecret(app: App): void {
  app.openapi(rotateSubscriptionSecretRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { keepPreviousForSeconds } = c.req.valid("json") ?? { keepPreviousForSeconds: 86_400 };
    const out = await rotateSubscriptionSecret(serviceCtx(c), { id, keepPreviousForSeconds });
    return c.json(out, 200);
  });
}

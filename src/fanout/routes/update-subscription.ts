import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { updateSubscription } from "../manage-subscription.ts";
import { Filters, IdParam, json, problems, Subscription, subscriptionAccess } from "./schemas.ts";

const Body = z
  .object({
    target: z.string().min(3).max(2000).optional(),
    filters: Filters.optional(),
    status: z.enum(["active", "paused"]).optional().openapi({
      description: "`active` resumes a paused or disabled subscription",
    }),
  })
  .strict()
  .openapi("SubscriptionUpdate");

export const updateSubscriptionRoute = createRoute({
  operationId: "updateSubscription",
  method: "patch",
  path: "/api/v1/subscriptions/{id}",
  tags: ["fanout"],
  summary: "Change a subscription's target or filters, pause or resume it",
  ...access(subscriptionAccess),
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: Body } } },
  },
  responses: { 200: json(Subscription, "Updated"), ...problems(400, 401, 403, 404) },
});

/** `updateSubscription`. */
export function registerUpdateSubscription(app: App): void {
  app.openapi(updateSubscriptionRoute, async (c) => {
    const input = { ...c.req.valid("json"), id: c.req.valid("param").id };
    const sub = await updateSubscription(serviceCtx(c), input);
    return c.json(sub, 200);
  });
}

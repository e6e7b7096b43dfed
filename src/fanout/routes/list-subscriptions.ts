import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { listSubscriptions } from "../manage-subscription.ts";
import { json, problems, Subscription, subscriptionAccess } from "./schemas.ts";

export const listSubscriptionsRoute = createRoute({
  operationId: "listSubscriptions",
  method: "get",
  path: "/api/v1/subscriptions",
  tags: ["fanout"],
  summary: "The organisation's subscriptions (admins: all)",
  ...access(subscriptionAccess),
  responses: {
    200: json(z.object({ items: z.array(Subscription) }), "Subscriptions"),
    ...problems(401, 403),
  },
});

/** `listSubscriptions`. */
export function registerListSubscriptions(app: App): void {
  app.openapi(listSubscriptionsRoute, async (c) => {
    const items = await listSubscriptions(serviceCtx(c));
    return c.json({ items }, 200);
  });
}

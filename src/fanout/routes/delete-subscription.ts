import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { deleteSubscription } from "../manage-subscription.ts";
import { IdParam, problems, subscriptionAccess } from "./schemas.ts";

export const deleteSubscriptionRoute = createRoute({
  operationId: "deleteSubscription",
  method: "delete",
  path: "/api/v1/subscriptions/{id}",
  tags: ["fanout"],
  summary: "Delete a subscription (its delivery log is kept)",
  ...access(subscriptionAccess),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
});

/** `deleteSubscription`. */
export function registerDeleteSubscription(app: App): void {
  app.openapi(deleteSubscriptionRoute, async (c) => {
    await deleteSubscription(serviceCtx(c), c.req.valid("param"));
    return c.body(null, 204);
  });
}

import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { createSubscription } from "../create-subscription.ts";
import { Filters, json, problems, Subscription, subscriptionAccess } from "./schemas.ts";

export const SubscriptionBody = z
  .discriminatedUnion("channel", [
    z.object({
      channel: z.literal("webhook"),
      target: z.string().max(2000).openapi({ example: "https://cms.example.cn/hooks/chorus" }),
      filters: Filters.default({ categories: [], regions: [], eventTypes: [] }),
      organisationId: z.uuid().optional(),
    }),
    z.object({
      channel: z.literal("email"),
      target: z.email("须为有效的邮箱地址").max(320),
      filters: Filters.default({ categories: [], regions: [], eventTypes: [] }),
      organisationId: z.uuid().optional(),
    }),
  ])
  .openapi("SubscriptionInput");

export const createSubscriptionRoute = createRoute({
  operationId: "createSubscription",
  method: "post",
  path: "/api/v1/subscriptions",
  tags: ["fanout"],
  summary: "Subscribe to published messages by webhook or email",
  description:
    "For the caller's organisation (admins may name another). A webhook's `secret` (`whsec_…`, " +
    "Standard Webhooks) is returned once, with `publicKey` (`whpk_…`), which verifies the " +
    "`v1a,` Ed25519 signature every request also carries (all keys: " +
    "`/.well-known/chorus-keys.json`, `webhookPublicKey`). Webhook targets on private, loopback or reserved " +
    "addresses are refused.",
  ...access(subscriptionAccess),
  request: {
    body: { required: true, content: { "application/json": { schema: SubscriptionBody } } },
  },
  responses: {
    201: json(
      Subscription.extend({ secret: z.string().optional(), publicKey: z.string().optional() }),
      "Created",
    ),
    ...problems(400, 401, 403),
  },
});

/** `createSubscription`. */
export function registerCreateSubscription(app: App): void {
  app.openapi(createSubscriptionRoute, async (c) => {
    const created = await createSubscription(serviceCtx(c), c.req.valid("json"));
    return c.json(created, 201);
  });
}

import { z } from "@hono/zod-openapi";
import { publicEventTypes } from "../../events/envelope.ts";

export { IdParam, json, problems } from "../../access/routes/schemas.ts";

export const Filters = z
  .object({
    categories: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/, "须为分类标识"))
      .max(50)
      .default([]),
    regions: z
      .array(z.string().regex(/^\d{6}$/, "须为 6 位 GB/T 2260 行政区划代码"))
      .max(50)
      .default([]),
    minUrgency: z.number().int().min(1).max(4).optional().openapi({
      description: "1 特别重大 … 4 一般: messages at this level or more urgent",
    }),
    eventTypes: z.array(z.enum(publicEventTypes)).max(3).default([]),
  })
  .strict()
  .openapi("SubscriptionFilters", {
    description:
      "Empty lists mean all. A region also receives its prefecture's and the province's (460000) messages, and those of places inside it.",
  });

export const Subscription = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    channel: z.enum(["webhook", "email"]),
    target: z.string(),
    filters: z.record(z.string(), z.unknown()),
    status: z.enum(["active", "paused", "disabled"]),
    statusReason: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    failingSince: z.string().nullable(),
    previousSecretExpiresAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Subscription");

export const subscriptionAccess = {
  roles: ["media", "admin"],
  scopes: ["subscriptions:manage"],
} as const;
export const deliveryAccess = {
  roles: ["media", "admin", "coordinator"],
  scopes: ["deliveries:read", "subscriptions:manage"],
} as const;

import { z } from "@hono/zod-openapi";
import { channels } from "../../vocabulary/channels.ts";
import { subscriptionFilters } from "../filters.ts";

export { IdParam, json, problems } from "../../access/routes/schemas.ts";

export const Filters = subscriptionFilters;

export const Subscription = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    channel: z.enum(channels),
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

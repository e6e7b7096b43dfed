import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { listDeliveries } from "../delivery-log.ts";
import { deliveryAccess, json, problems } from "./schemas.ts";

const Query = z.object({
  eventId: z.uuid("须为 UUID").optional(),
  subscriptionId: z.uuid("须为 UUID").optional(),
  status: z.enum(["pending", "retrying", "delivered", "failed", "dead"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const Attempt = z.object({
  attemptedAt: z.string(),
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable(),
  response: z.string().nullable().openapi({ description: "HTTP status or SMTP reply" }),
  error: z.string().nullable(),
});

export const Delivery = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    seq: z.number().int().nullable(),
    subscriptionId: z.string(),
    organisationId: z.string(),
    channel: z.string(),
    target: z.string(),
    status: z.string(),
    attempts: z.array(Attempt),
    attemptCount: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    lastStatus: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Delivery");

export const listDeliveriesRoute = createRoute({
  operationId: "listDeliveries",
  method: "get",
  path: "/api/v1/deliveries",
  tags: ["fanout"],
  summary: "The delivery log: every attempt of every delivery",
  description: "Media see their organisation's deliveries; coordinators and admins see all.",
  ...access(deliveryAccess),
  request: { query: Query },
  responses: {
    200: json(z.object({ items: z.array(Delivery), total: z.number().int() }), "Deliveries"),
    ...problems(400, 401, 403),
  },
});

/** `listDeliveries`. */
export function registerListDeliveries(app: App): void {
  app.openapi(listDeliveriesRoute, async (c) => {
    const result = await listDeliveries(serviceCtx(c), c.req.valid("query"));
    return c.json(result, 200);
  });
}

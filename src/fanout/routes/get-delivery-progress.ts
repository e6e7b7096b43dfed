import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { channels } from "../../vocabulary/channels.ts";
import { getPublicationProgress } from "../delivery-progress.ts";
import { IdParam, json, problems } from "./schemas.ts";

const Channel = z.object({
  total: z.number().int(),
  delivered: z.number().int(),
  pending: z.number().int(),
  failed: z.number().int(),
});

export const getDeliveryProgressRoute = createRoute({
  operationId: "getDeliveryProgress",
  method: "get",
  path: "/api/v1/events/{id}/delivery-progress",
  tags: ["fanout"],
  summary: "How many subscribers per channel have a publication",
  description:
    "Also pushed live to coordinators and admins on socket.io `/staff` as `delivery.progress`.",
  ...access({ roles: ["coordinator", "admin", "reviewer"] }),
  request: { params: IdParam },
  responses: {
    200: json(
      z.object({
        eventId: z.string(),
        channels: z.record(z.enum(channels), Channel),
        complete: z.boolean(),
      }),
      "Progress",
    ),
    ...problems(401, 403, 404),
  },
});

/** `getDeliveryProgress`. */
export function registerGetDeliveryProgress(app: App): void {
  app.openapi(getDeliveryProgressRoute, async (c) => {
    const eventId = c.req.valid("param").id;
    return c.json(await getPublicationProgress(serviceCtx(c), { eventId }), 200);
  });
}

import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { listSearchMisses } from "../list-search-misses.ts";
import { problems } from "./schemas.ts";

const Miss = z
  .object({
    queryNorm: z.string(),
    sample: z.string(),
    count: z.number().int(),
    firstAt: z.string(),
    lastAt: z.string(),
    caseId: z.uuid().nullable(),
  })
  .openapi("SearchMiss");

export const listSearchMissesRoute = createRoute({
  operationId: "listSearchMisses",
  method: "get",
  path: "/api/v1/search-misses",
  tags: ["library"],
  summary: "Public searches that found nothing, busiest first",
  description: "An early warning of rumours the library does not answer yet.",
  ...access({ roles: ["coordinator", "admin"] }),
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).optional().default(50),
      offset: z.coerce.number().int().min(0).max(100_000).optional().default(0),
    }),
  },
  responses: {
    200: {
      description: "Search misses",
      content: { "application/json": { schema: z.object({ misses: z.array(Miss) }) } },
    },
    ...problems(400, 401, 403),
  },
});

/** `listSearchMisses`: coordinators see unanswered public searches. */
export function registerListSearchMisses(app: App): void {
  app.openapi(listSearchMissesRoute, async (c) => {
    const misses = await listSearchMisses(serviceCtx(c), c.req.valid("query"));
    return c.json({ misses }, 200);
  });
}

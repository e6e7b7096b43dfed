import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { capFeed } from "../cap-feed.ts";
import { problems } from "./schemas.ts";

export const capFeedRoute = createRoute({
  operationId: "getCapFeed",
  method: "get",
  path: "/api/v1/feeds/cap",
  tags: ["fanout"],
  summary: "CAP 1.2 feed of alert-grade messages (Atom with one CAP alert per entry)",
  description:
    "Alert-grade: protective guidance, or urgency 1–2. Drills have status `Exercise`. " +
    "Updates and retractions are `Update` / `Cancel` with `references` to earlier alerts.",
  ...access({ public: true }),
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: {
    200: { description: "Atom feed", content: { "application/atom+xml": { schema: z.string() } } },
    ...problems(400),
  },
});

/** `getCapFeed`. */
export function registerCapFeed(app: App): void {
  app.openapi(capFeedRoute, async (c) => {
    const body = await capFeed(c.get("deps"), c.req.valid("query").limit);
    return c.body(body, 200, {
      "content-type": "application/atom+xml; charset=utf-8",
      "cache-control": "public, max-age=30",
    });
  });
}

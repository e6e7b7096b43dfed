import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { listTopics } from "../get-topic.ts";
import { ListTopicsQuery, Topic } from "../schemas.ts";
import { json, problems, topicReaders } from "./params.ts";

export const listTopicsRoute = createRoute({
  operationId: "listTopics",
  method: "get",
  path: "/api/v1/topics",
  tags: ["topics"],
  summary: "Emergency topics, newest first (drills included)",
  ...access(topicReaders),
  request: { query: ListTopicsQuery },
  responses: {
    200: json(z.object({ items: z.array(Topic) }), "Topics"),
    ...problems(400, 401, 403),
  },
});

/** `listTopics`. */
export function registerListTopics(app: App): void {
  app.openapi(listTopicsRoute, async (c) =>
    c.json(await listTopics(staffCtx(c), c.req.valid("query")), 200),
  );
}

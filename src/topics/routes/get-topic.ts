import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { getTopic } from "../get-topic.ts";
import { TopicDetail } from "../schemas.ts";
import { json, problems, TopicIdParam, topicReaders } from "./params.ts";

export const getTopicRoute = createRoute({
  operationId: "getTopic",
  method: "get",
  path: "/api/v1/topics/{id}",
  tags: ["topics"],
  summary: "One topic with its cases and rebuttals",
  ...access(topicReaders),
  request: { params: TopicIdParam },
  responses: { 200: json(TopicDetail, "The topic"), ...problems(400, 401, 403, 404) },
});

/** `getTopic`. */
export function registerGetTopic(app: App): void {
  app.openapi(getTopicRoute, async (c) =>
    c.json(await getTopic(staffCtx(c), c.req.valid("param")), 200),
  );
}

import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { closeTopic } from "../close-topic.ts";
import { Topic } from "../schemas.ts";
import { json, problems, TopicIdParam, topicWriters } from "./params.ts";

export const closeTopicRoute = createRoute({
  operationId: "closeTopic",
  method: "post",
  path: "/api/v1/topics/{id}/close",
  tags: ["topics"],
  summary: "Close a topic: the home banner goes, its page and feed stay",
  ...access(topicWriters),
  request: { params: TopicIdParam },
  responses: { 200: json(Topic, "Closed"), ...problems(400, 401, 403, 404, 409) },
});

/** `closeTopic`. */
export function registerCloseTopic(app: App): void {
  app.openapi(closeTopicRoute, async (c) =>
    c.json(await closeTopic(staffCtx(c), c.req.valid("param")), 200),
  );
}

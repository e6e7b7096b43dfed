import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { TopicDetail, UpdateTopicInput } from "../schemas.ts";
import { updateTopic } from "../update-topic.ts";
import { json, problems, TopicIdParam, topicWriters } from "./params.ts";

export const updateTopicRoute = createRoute({
  operationId: "updateTopic",
  method: "patch",
  path: "/api/v1/topics/{id}",
  tags: ["topics"],
  summary: "Change an open topic, attach or detach cases and rebuttals",
  ...access(topicWriters),
  request: {
    params: TopicIdParam,
    body: { required: true, content: { "application/json": { schema: UpdateTopicInput } } },
  },
  responses: { 200: json(TopicDetail, "Changed"), ...problems(400, 401, 403, 404, 409) },
});

/** `updateTopic`. */
export function registerUpdateTopic(app: App): void {
  app.openapi(updateTopicRoute, async (c) =>
    c.json(
      await updateTopic(staffCtx(c), { ...c.req.valid("json"), id: c.req.valid("param").id }),
      200,
    ),
  );
}

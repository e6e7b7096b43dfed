import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { createTopic } from "../create-topic.ts";
import { CreateTopicInput, Topic } from "../schemas.ts";
import { json, problems, topicWriters } from "./params.ts";

export const createTopicRoute = createRoute({
  operationId: "createTopic",
  method: "post",
  path: "/api/v1/topics",
  tags: ["topics"],
  summary: "Open an emergency topic (应急专题)",
  description:
    "New cases whose region lies in the topic's regions (a county lies in its prefecture and the " +
    "province) and whose category it covers join the newest matching open topic by default.",
  ...access(topicWriters),
  request: {
    body: { required: true, content: { "application/json": { schema: CreateTopicInput } } },
  },
  responses: { 201: json(Topic, "Opened"), ...problems(400, 401, 403) },
});

/** `createTopic`. */
export function registerCreateTopic(app: App): void {
  app.openapi(createTopicRoute, async (c) =>
    c.json(await createTopic(staffCtx(c), c.req.valid("json")), 201),
  );
}

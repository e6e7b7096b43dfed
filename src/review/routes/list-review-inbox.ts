import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { listReviewInbox } from "../list-review-inbox.ts";
import { json, problems } from "./schemas.ts";

const InboxItem = z.object({
  roundId: z.string(),
  revisionId: z.string(),
  revisionNumber: z.number().int(),
  title: z.string(),
  caseId: z.string(),
  caseNumber: z.number().int(),
  caseTitle: z.string(),
  urgency: z.number().int().nullable(),
  category: z.string().nullable(),
  mode: z.enum(["sequential", "parallel"]),
  isUpdate: z.boolean(),
  step: z.object({ index: z.number().int(), name: z.string(), deadlineAt: z.string().nullable() }),
  submittedAt: z.string(),
});

export const listReviewInboxRoute = createRoute({
  operationId: "listReviewInbox",
  method: "get",
  path: "/api/v1/review-inbox",
  tags: ["review"],
  summary: "Revisions waiting for my decision now, most urgent first",
  ...access({ roles: ["expert", "reviewer"] }),
  responses: {
    200: json(z.object({ items: z.array(InboxItem) }).openapi("ReviewInbox"), "What waits"),
    ...problems(401, 403),
  },
});

/** `listReviewInbox`. */
export function registerListReviewInbox(app: App): void {
  app.openapi(listReviewInboxRoute, async (c) => {
    return c.json(await listReviewInbox(serviceCtx(c)), 200);
  });
}

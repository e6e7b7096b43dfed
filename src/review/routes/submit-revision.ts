import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { submitInput } from "../inputs.ts";
import { submitRevision } from "../submit-revision.ts";
import { IdParam, json, problems, ReviewRound } from "./schemas.ts";

export const submitRevisionRoute = createRoute({
  operationId: "submitRevision",
  method: "post",
  path: "/api/v1/revisions/{id}/submit",
  tags: ["review"],
  summary: "Start (or restart) the review chain for the case's newest draft",
  description:
    "The chain is chosen from content/review-chains.json by category and urgency (urgency 1: " +
    "all steps in parallel, each with a deadline) and snapshotted into the round; co-signing " +
    "organisations add a step. Reviewers who may decide get `review.requested`. Optional " +
    "`releaseAt` schedules the publication (embargo) once approved.",
  ...access({ roles: ["expert"] }),
  request: {
    params: IdParam,
    body: { required: false, content: { "application/json": { schema: submitInput } } },
  },
  responses: {
    201: json(ReviewRound, "The open round"),
    ...problems(400, 401, 403, 404, 409),
  },
});

/** `submitRevision`. */
export function registerSubmitRevision(app: App): void {
  app.openapi(submitRevisionRoute, async (c) => {
    const input = { ...c.req.valid("json"), id: c.req.valid("param").id };
    const round = await submitRevision(serviceCtx(c), input);
    return c.json(round, 201);
  });
}

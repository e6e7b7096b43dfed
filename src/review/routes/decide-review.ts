import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { decideReview } from "../decide-review.ts";
import { decisionInput } from "../inputs.ts";
import { IdParam, json, problems, ReviewRound } from "./schemas.ts";

const DecisionResult = z
  .object({
    outcome: z.enum(["waiting", "published", "scheduled", "changes_requested", "rejected"]),
    decisionId: z.string(),
    rebuttal: z.object({ id: z.string(), slug: z.string(), version: z.number().int() }).nullable(),
    round: ReviewRound,
  })
  .openapi("DecisionResult");

export const decideReviewRoute = createRoute({
  operationId: "decideReview",
  method: "post",
  path: "/api/v1/revisions/{id}/decisions",
  tags: ["review"],
  summary: "Approve, request changes or reject at the step waiting for you",
  description:
    "The author and the case's assignees never decide on their own revision (403); a revision " +
    "not waiting for you is 403; deciding twice is 409 `conflict`; a superseded or finished " +
    "revision is 409 `invalid_state`. The approval that completes the chain publishes in the " +
    "same transaction (`outcome: published`) or schedules the release (`scheduled`).",
  ...access({ roles: ["expert", "reviewer"] }),
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: decisionInput } } },
  },
  responses: {
    201: json(DecisionResult, "The decision and what it did"),
    ...problems(400, 401, 403, 404, 409),
  },
});

/** `decideReview`. */
export function registerDecideReview(app: App): void {
  app.openapi(decideReviewRoute, async (c) => {
    const input = { ...c.req.valid("json"), id: c.req.valid("param").id };
    const result = await decideReview(serviceCtx(c), input);
    return c.json(result, 201);
  });
}

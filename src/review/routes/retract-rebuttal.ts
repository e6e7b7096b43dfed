import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { retractInput } from "../inputs.ts";
import { retractRebuttal } from "../retract-rebuttal.ts";
import { IdParam, json, problems } from "./schemas.ts";

const Retracted = z
  .object({
    id: z.string(),
    slug: z.string(),
    status: z.enum(["live", "retracted"]),
    version: z.number().int(),
    retractedAt: z.string(),
    reason: z.string(),
  })
  .openapi("RetractedRebuttal");

export const retractRebuttalRoute = createRoute({
  operationId: "retractRebuttal",
  method: "post",
  path: "/api/v1/rebuttals/{id}/retract",
  tags: ["review"],
  summary: "Withdraw a published message with a public reason",
  description:
    "Coordinators, or reviewers of the organisation that approved the final step of its chain. " +
    "Publishes `rebuttal.retracted` with the reason to everyone, and removes it from search.",
  ...access({ roles: ["coordinator", "reviewer"] }),
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: retractInput } } },
  },
  responses: {
    200: json(Retracted, "Retracted"),
    ...problems(400, 401, 403, 404, 409),
  },
});

/** `retractRebuttal`. */
export function registerRetractRebuttal(app: App): void {
  app.openapi(retractRebuttalRoute, async (c) => {
    const input = { ...c.req.valid("json"), id: c.req.valid("param").id };
    return c.json(await retractRebuttal(serviceCtx(c), input), 200);
  });
}

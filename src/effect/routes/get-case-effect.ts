import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import { CaseIdParam, json, problems } from "../../cases/routes/schemas.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { getCaseEffect } from "../get-case-effect.ts";
import { CaseEffect, EffectWindowQuery } from "../schemas.ts";

export const getCaseEffectRoute = createRoute({
  operationId: "getCaseEffect",
  method: "get",
  path: "/api/v1/cases/{id}/effect",
  tags: ["cases"],
  summary: "Did the answer damp the rumour? Reports and searches per hour around publication",
  description:
    "Per hour from `before` hours before the first publication to `after` hours after it (never " +
    "past now): reports and searches about the case, its rebuttals' views, clicks from search " +
    "and helpful votes, and the share of reports answered at once after publication. Views and " +
    "searches reach the figures within seconds (ADR 0180). Cases the caller may not see answer 404.",
  ...access({ roles: ["coordinator", "admin", "expert", "reviewer"] }),
  request: { params: CaseIdParam, query: EffectWindowQuery },
  responses: {
    200: json(CaseEffect, "The case's effect figures"),
    ...problems(400, 401, 403, 404),
  },
});

/** `getCaseEffect`: the effect figures of one case the caller may see. */
export function registerGetCaseEffect(app: App): void {
  app.openapi(getCaseEffectRoute, async (c) => {
    const result = await getCaseEffect(serviceCtx(c), {
      ...c.req.valid("param"),
      ...c.req.valid("query"),
    });
    return c.json(result, 200);
  });
}

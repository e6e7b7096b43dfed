import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { categorySlug, regionCode, urgencyLevel, uuid } from "../schemas.ts";
import { triageCase } from "../triage-case.ts";
import { CaseIdParam, CaseSummary, json, problems } from "./schemas.ts";
import { Assignment } from "./shared-views.ts";

export const TriageInput = z
  .object({
    category: categorySlug,
    urgency: urgencyLevel,
    region: regionCode,
    leadExpertId: uuid,
    contributorIds: z.array(uuid).max(20, "协作专家最多 20 位").default([]),
    drill: z.boolean().optional().openapi({ description: "Mark the case as a drill (one way)" }),
  })
  .strict()
  .openapi("TriageInput");

const TriageResult = CaseSummary.extend({
  targets: z.object({
    firstDraftDueAt: z.string(),
    reviewDueAt: z.string(),
    deadlineAt: z.string(),
  }),
  assignments: z.array(Assignment),
}).openapi("TriageResult");

export const triageCaseRoute = createRoute({
  operationId: "triageCase",
  method: "post",
  path: "/api/v1/cases/{id}/triage",
  tags: ["cases"],
  summary: "Set category, urgency (deadline), region and the experts, across organisations",
  description:
    "The deadline and stage targets run from now (content/deadlines.json). Allowed again while " +
    "the case is open: assignments are replaced and deadline checks rescheduled.",
  ...access({ roles: ["coordinator"] }),
  request: {
    params: CaseIdParam,
    body: { required: true, content: { "application/json": { schema: TriageInput } } },
  },
  responses: {
    200: json(TriageResult, "Triaged"),
    ...problems(400, 401, 403, 404, 409),
  },
});

/** `triageCase`: category, urgency, region, lead expert and contributors. */
export function registerTriageCase(app: App): void {
  app.openapi(triageCaseRoute, async (c) => {
    const body = c.req.valid("json");
    const result = await triageCase(staffCtx(c), {
      ...body,
      urgency: body.urgency as 1 | 2 | 3 | 4,
      id: c.req.valid("param").id,
    });
    return c.json(result, 200);
  });
}

import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { getCase } from "../get-case.ts";
import { CaseIdParam, CaseSummary, json, problems, RebuttalMatch } from "./schemas.ts";
import { Assignment } from "./shared-views.ts";

const at = z.string().nullable();
const Stage = z.object({ dueAt: at, doneAt: at });

const CaseDetail = CaseSummary.extend({
  description: z.string(),
  closeNote: z.string(),
  escalationReason: z.string().nullable(),
  stages: z.object({ triage: Stage, firstDraft: Stage, review: Stage, response: Stage }),
  reports: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      sourceUrl: z.string().nullable(),
      platform: z.string().nullable(),
      regionCode: z.string().nullable(),
      contact: z.string().nullable().optional().openapi({
        description: "Only for coordinators, admins and the case's experts",
      }),
      outcome: z.string(),
      matchScore: z.number().nullable(),
      createdAt: z.string(),
    }),
  ),
  assignments: z.array(Assignment),
  revisions: z.array(
    z.object({
      id: z.string(),
      number: z.number().int(),
      kind: z.string(),
      title: z.string(),
      verdict: z.string().nullable(),
      status: z.string(),
      authorId: z.string(),
      authorName: z.string(),
      submittedAt: at,
      createdAt: z.string(),
    }),
  ),
  reviews: z.array(
    z.object({
      id: z.string(),
      revisionId: z.string(),
      policyId: z.string(),
      status: z.string(),
      startedAt: z.string(),
      finishedAt: at,
      decisions: z.array(
        z.object({
          stepIndex: z.number().int(),
          reviewerName: z.string(),
          organisationName: z.string(),
          decision: z.string(),
          comment: z.string(),
          createdAt: z.string(),
        }),
      ),
    }),
  ),
  rebuttals: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      title: z.string(),
      status: z.string(),
      version: z.number().int(),
      publishedAt: z.string(),
    }),
  ),
  timeline: z.array(
    z.object({
      at: z.string(),
      source: z.enum(["event", "audit", "report"]),
      kind: z.string(),
      who: z.string().nullable().openapi({
        description:
          "Who acted: a person's display name (never an email), a token's or the system's label",
      }),
      whoOrganisation: z.string().nullable().openapi({ description: "The person's organisation" }),
      data: z.unknown(),
    }),
  ),
  similarCases: z.array(
    z.object({
      id: z.string(),
      number: z.number().int(),
      title: z.string(),
      status: z.string(),
      score: z.number(),
    }),
  ),
  similarRebuttals: z.array(RebuttalMatch),
}).openapi("CaseDetail");

export const getCaseRoute = createRoute({
  operationId: "getCase",
  method: "get",
  path: "/api/v1/cases/{id}",
  tags: ["cases"],
  summary: "One case: reports, similar cases and rebuttals, revisions, reviews, timeline, deadline",
  description: "Cases the caller may not see answer 404, as if they did not exist.",
  ...access({ roles: ["coordinator", "admin", "expert", "reviewer"] }),
  request: { params: CaseIdParam },
  responses: {
    200: json(CaseDetail, "The case"),
    ...problems(400, 401, 403, 404),
  },
});

/** `getCase`: everything about one case that the caller may see. */
export function registerGetCase(app: App): void {
  app.openapi(getCaseRoute, async (c) => {
    const result = await getCase(serviceCtx(c), c.req.valid("param"));
    return c.json(result, 200);
  });
}

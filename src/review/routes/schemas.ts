import { z } from "@hono/zod-openapi";
import { rebuttalKinds } from "../../vocabulary/rebuttal-kinds.ts";
import { verdicts } from "../../vocabulary/verdicts.ts";

export { IdParam, json, problems } from "../../access/routes/schemas.ts";

const Source = z.object({ title: z.string(), url: z.string() });

export const Revision = z
  .object({
    id: z.string(),
    caseId: z.string(),
    number: z.number().int(),
    baseRevisionId: z.string().nullable(),
    authorId: z.string(),
    kind: z.enum(rebuttalKinds),
    claim: z.string().nullable(),
    verdict: z.enum(verdicts).nullable(),
    title: z.string(),
    summary: z.string(),
    body: z.string().openapi({ description: "Markdown as written" }),
    bodyHtml: z.string().openapi({ description: "Sanitised HTML rendered from body" }),
    sources: z.array(Source),
    coSignerOrgIds: z.array(z.string()),
    tags: z.array(z.string()),
    status: z.enum([
      "draft",
      "in_review",
      "changes_requested",
      "approved",
      "rejected",
      "superseded",
    ]),
    submittedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Revision");

const RoundStep = z.object({
  index: z.number().int(),
  key: z.string(),
  name: z.string(),
  role: z.string(),
  organisationKind: z.string().nullable(),
  organisationIds: z.array(z.string()).nullable(),
  eachOrganisation: z.boolean(),
  approvals: z.number().int(),
  deadlineAt: z.string().nullable(),
});

const Decision = z.object({
  id: z.string(),
  stepIndex: z.number().int(),
  reviewerId: z.string(),
  reviewerName: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  decision: z.enum(["approve", "request_changes", "reject"]),
  comment: z.string(),
  createdAt: z.string(),
});

export const ReviewRound = z
  .object({
    id: z.string(),
    revisionId: z.string(),
    policyId: z.string(),
    mode: z.enum(["sequential", "parallel"]),
    status: z.enum(["open", "approved", "changes_requested", "rejected", "superseded"]),
    isUpdate: z.boolean(),
    releaseAt: z.string().nullable(),
    releasedAt: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    steps: z.array(RoundStep),
    waitingSteps: z.array(z.number().int()),
    decisions: z.array(Decision),
  })
  .openapi("ReviewRound");

export const RevisionDetail = Revision.extend({ rounds: z.array(ReviewRound) }).openapi(
  "RevisionDetail",
);

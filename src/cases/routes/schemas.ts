import { z } from "@hono/zod-openapi";
import { caseStates } from "../../vocabulary/case-states.ts";
import { verdicts } from "../../vocabulary/verdicts.ts";

export { json, problems } from "../../access/routes/schemas.ts";

export const CaseIdParam = z.object({
  id: z.uuid("须为有效的事件 ID").openapi({ param: { name: "id", in: "path" } }),
});

export const RebuttalMatch = z
  .object({
    rebuttalId: z.string(),
    title: z.string(),
    verdict: z
      .string()
      .nullable()
      .openapi({ description: verdicts.join(" · ") }),
    score: z.number().min(0).max(1),
    confidence: z.number().min(0).max(1).openapi({
      description:
        "That this rebuttal answers the same rumour (the best match only; others 0); at or above autoMatch the report is answered at once",
    }),
  })
  .openapi("RebuttalMatch");

export const PriorityReason = z.object({
  code: z.enum(["urgency", "reports", "velocity", "deadline", "overdue", "escalated"]),
  points: z.number(),
  label: z.string(),
});

export const Priority = z
  .object({ score: z.number(), reasons: z.array(PriorityReason) })
  .openapi("CasePriority");

export const CaseStatus = z.enum(caseStates);

/** The fields of a case every view shows. */
export const CaseSummary = z
  .object({
    id: z.string(),
    number: z.number().int(),
    origin: z.enum(["report", "proactive", "search_miss"]),
    status: CaseStatus,
    title: z.string(),
    category: z.string().nullable(),
    urgency: z.number().int().nullable(),
    regionCode: z.string().nullable(),
    leadExpertId: z.string().nullable(),
    drill: z.boolean(),
    reportCount: z.number().int(),
    reportsLastHour: z.number().int(),
    lastReportAt: z.string().nullable(),
    dueAt: z.string().nullable().openapi({
      description: "The next thing due: the response deadline, or the triage target before triage",
    }),
    deadlineAt: z.string().nullable(),
    msLeft: z.number().nullable(),
    overdue: z.boolean(),
    escalatedAt: z.string().nullable(),
    closeReason: z.string().nullable(),
    mergedInto: z.string().nullable(),
    priority: Priority,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("CaseSummary");

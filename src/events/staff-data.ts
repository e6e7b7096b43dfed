import { z } from "zod";
import { roles } from "../auth/actor.ts";
import { caseStates } from "../vocabulary/case-states.ts";

/**
 * Every staff event's `data` says whom to tell: the fan-out sends it to the `/staff` socket rooms
 * `user:<id>` and `role:<role>`, and emails the listed users.
 */
export const staffNotify = z.object({
  notify: z.object({
    userIds: z.array(z.string()),
    roles: z.array(z.enum(roles)),
    email: z.boolean(),
  }),
});
export type StaffNotify = z.output<typeof staffNotify>;

/** The part of a case every case event carries. */
export const caseSummary = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  status: z.enum(caseStates),
  origin: z.enum(["report", "proactive", "search_miss"]),
  category: z.string().nullable(),
  urgency: z.number().int().nullable(),
  regionCode: z.string().nullable(),
  deadlineAt: z.string().nullable(),
  drill: z.boolean(),
});
export type CaseSummary = z.output<typeof caseSummary>;

/** `case.opened`. */
export const caseOpenedData = staffNotify.extend({ case: caseSummary });

/** What `case.assigned` adds: who works on the case, from which organisations. */
export const caseAssignment = z.object({
  leadExpertId: z.string(),
  contributorIds: z.array(z.string()),
  organisations: z.array(z.object({ id: z.string(), name: z.string() })),
});
export const caseAssignedData = caseOpenedData.extend(caseAssignment.shape);

/** What `case.deadline_warning` and `case.deadline_missed` add: the stage and when it was due. */
export const deadlineFacts = z.object({
  stage: z.enum(["triage", "first_draft", "review", "response"]),
  stageLabel: z.string(),
  dueAt: z.string().nullable(),
  escalated: z.boolean(),
});
export const caseDeadlineData = caseOpenedData.extend(deadlineFacts.shape);

/** `review.requested`: the revision waiting at the round's open step(s). */
export const reviewRequestedData = staffNotify.extend({
  caseId: z.string(),
  caseNumber: z.number().int(),
  caseTitle: z.string(),
  urgency: z.number().int().nullable(),
  revisionId: z.string(),
  revisionNumber: z.number().int(),
  title: z.string(),
  summary: z.string(),
  roundId: z.string(),
  mode: z.enum(["sequential", "parallel"]),
  steps: z.array(
    z.object({ index: z.number().int(), name: z.string(), deadlineAt: z.string().nullable() }),
  ),
});

export type CaseOpenedData = z.output<typeof caseOpenedData>;
export type CaseAssignment = z.output<typeof caseAssignment>;
export type CaseAssignedData = z.output<typeof caseAssignedData>;
export type DeadlineFacts = z.output<typeof deadlineFacts>;
export type CaseDeadlineData = z.output<typeof caseDeadlineData>;
export type ReviewRequestedData = z.output<typeof reviewRequestedData>;

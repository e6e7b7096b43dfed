import { z } from "zod";
import { defineJob } from "../jobs/define.ts";

/**
 * Looks at one case at one checkpoint (a stage's warning or miss). `version` is the case's
 * `deadline_version` when the job was scheduled: a re-triage moves it on and the job ignores
 * itself. Enqueued with a job key per (case, stage, kind), so a re-triage replaces waiting jobs.
 */
export const checkCaseDeadline = defineJob(
  "cases.check-deadline",
  z.object({
    caseId: z.uuid(),
    stage: z.enum(["triage", "first_draft", "review", "response"]),
    kind: z.enum(["warning", "missed"]),
    version: z.number().int().min(0),
  }),
  { maxAttempts: 10 },
);

/** Emails a consenting reporter the answer their report found after it was taken (late OCR). */
export const tellLateAnswer = defineJob(
  "cases.tell-late-answer",
  z.object({ reportId: z.uuid(), rebuttalId: z.uuid() }),
  { maxAttempts: 10 },
);

import type { Sql } from "../db/client.ts";
import { enqueue } from "../jobs/define.ts";
import { type CaseTargets, type Checkpoint, deadlineCheckpoints } from "./deadlines.ts";
import { checkCaseDeadline } from "./jobs.ts";
import { deadlineSettings } from "./settings.ts";

async function schedule(tx: Sql, caseId: string, version: number, p: Checkpoint) {
  await enqueue(
    tx,
    checkCaseDeadline,
    { caseId, stage: p.stage, kind: p.kind, version },
    { runAt: p.at, jobKey: `case-deadline:${caseId}:${p.stage}:${p.kind}` },
  );
}

/** Schedules the check that a newly opened case gets triaged in time. */
export async function scheduleTriageCheck(tx: Sql, caseId: string, dueAt: Date): Promise<void> {
  await schedule(tx, caseId, 0, { stage: "triage", kind: "missed", at: dueAt });
}

/**
 * Schedules every checkpoint of a (re-)triaged case in the caller's transaction. They live in
 * Postgres, so a restart loses none; the job keys replace the checks of an earlier triage.
 */
export async function scheduleDeadlineChecks(
  tx: Sql,
  caseId: string,
  version: number,
  triagedAt: Date,
  targets: CaseTargets,
): Promise<void> {
  for (const p of deadlineCheckpoints(triagedAt, targets, deadlineSettings())) {
    await schedule(tx, caseId, version, p);
  }
}

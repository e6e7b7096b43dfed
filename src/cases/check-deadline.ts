import type { z } from "zod";
import type { Sql } from "../db/client.ts";
import type { Deps } from "../deps.ts";
import { recordCaseEvent } from "./case-events.ts";
import {
  type CaseRow,
  claimDeadlineAlert,
  escalateCase,
  findCase,
  linkDeadlineAlert,
  revisionProgress,
} from "./db/cases.ts";
import type { checkCaseDeadline } from "./jobs.ts";

type Check = z.output<typeof checkCaseDeadline.payload>;
export type CheckOutcome = "fired" | "gone" | "stale" | "done" | "reached" | "already";

const stageLabels = { triage: "研判", first_draft: "初稿", review: "提交审核", response: "发布" };

function dueOf(c: CaseRow, stage: Check["stage"]): Date | null {
  if (stage === "triage") return c.triageDueAt;
  if (stage === "first_draft") return c.firstDraftDueAt;
  if (stage === "review") return c.reviewDueAt;
  return c.deadlineAt;
}

async function stageReached(tx: Sql, c: CaseRow, stage: Check["stage"]): Promise<boolean> {
  if (stage === "triage") return c.triagedAt !== null;
  if (stage === "response") return c.publishedAt !== null;
  const progress = await revisionProgress(tx, c.id);
  if (stage === "first_draft") return c.firstDraftAt !== null || progress.firstRevisionAt !== null;
  return progress.firstSubmittedAt !== null;
}

/**
 * Raises `case.deadline_warning` / `case.deadline_missed` for one checkpoint, unless the case is
 * gone, finished, re-triaged since, past that stage, or this alert already fired. A missed first
 * draft also escalates the case to the coordinators' queue. Safe to run twice.
 * @example await checkDeadline(deps, { caseId, stage: "response", kind: "missed", version: 1 })
 */
export async function checkDeadline(deps: Deps, p: Check): Promise<CheckOutcome> {
  return deps.sql.begin(async (tx) => {
    const c = await findCase(tx, p.caseId, { lock: true });
    if (!c) return "gone";
    if (c.status === "closed" || c.status === "published") return "done";
    if (c.deadlineVersion !== p.version) return "stale";
    if (await stageReached(tx, c, p.stage)) return "reached";
    const now = deps.now();
    if (!(await claimDeadlineAlert(tx, { ...p, at: now }))) return "already";
    const missedDraft = p.kind === "missed" && p.stage === "first_draft";
    if (missedDraft) await escalateCase(tx, c.id, "初稿超时", now);
    const due = dueOf(c, p.stage);
    const notifyUsers = c.leadExpertId ? [c.leadExpertId] : [];
    const event = await recordCaseEvent(
      tx,
      p.kind === "warning" ? "case.deadline_warning" : "case.deadline_missed",
      missedDraft ? { ...c, escalatedAt: c.escalatedAt ?? now } : c,
      { userIds: notifyUsers, roles: ["coordinator"], email: true },
      {
        stage: p.stage,
        stageLabel: stageLabels[p.stage],
        dueAt: due?.toISOString() ?? null,
        escalated: missedDraft,
      },
    );
    await linkDeadlineAlert(tx, { ...p, eventId: event.id });
    return "fired";
  });
}

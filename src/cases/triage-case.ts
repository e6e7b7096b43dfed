import { appendAudit } from "../audit/append.ts";
import type { StaffCtx } from "../context.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../http/errors.ts";
import { recordCaseEvent } from "./case-events.ts";
import { applyTriage, findCase, replaceAssignments } from "./db/cases.ts";
import { findStaff, listAssignments, type StaffRow } from "./db/cases-people.ts";
import { caseTargets } from "./deadlines.ts";
import { assertCategoryExists, assertRegionExists, fieldError } from "./reference-checks.ts";
import { scheduleDeadlineChecks } from "./schedule-deadlines.ts";
import { deadlineSettings } from "./settings.ts";
import { summarizeCases } from "./summaries.ts";

export interface TriageInput {
  category: string;
  urgency: 1 | 2 | 3 | 4;
  region: string;
  leadExpertId: string;
  contributorIds: string[];
  drill?: boolean;
}

/** Every assignee must be an active expert; errors name the offending field. */
async function checkExperts(deps: Deps, input: TriageInput): Promise<StaffRow[]> {
  const ids = [input.leadExpertId, ...input.contributorIds];
  const staff = new Map((await findStaff(deps.sql, ids)).map((s) => [s.id, s]));
  ids.forEach((id, i) => {
    const person = staff.get(id);
    const path = i === 0 ? "leadExpertId" : `contributorIds.${i - 1}`;
    if (!person?.active) throw fieldError(path, "找不到这位专家");
    if (!person.roles.includes("expert")) throw fieldError(path, "此人没有专家角色");
  });
  return ids.map((id) => staff.get(id)!);
}

/**
 * Sets a case's category, urgency (and so its deadline and stage targets, from now), region,
 * lead expert and contributors, possibly from several organisations. Re-triage is allowed until
 * the case closes: assignments are replaced and the deadline checks rescheduled.
 * @example await triageCase(ctx, { id: caseId, category: "vaccines", urgency: 2, … })
 */
export async function triageCase(
  { deps, actor, meta }: StaffCtx,
  { id: caseId, ...raw }: TriageInput & { id: string },
) {
  const input = {
    ...raw,
    contributorIds: [...new Set(raw.contributorIds)].filter((id) => id !== raw.leadExpertId),
  };
  await assertCategoryExists(deps.sql, input.category, "category");
  await assertRegionExists(deps.sql, input.region, "region");
  const experts = await checkExperts(deps, input);
  const now = deps.now();
  const targets = caseTargets(now, input.urgency, deadlineSettings());
  return deps.sql.begin(async (tx) => {
    const current = await findCase(tx, caseId, { lock: true });
    if (!current) throw new AppError("not_found", "未找到这个事件");
    if (current.status === "closed") {
      throw new AppError("invalid_state", "事件已关闭，不能再研判", { currentState: "closed" });
    }
    const updated = await applyTriage(tx, caseId, {
      ...input,
      regionCode: input.region,
      drill: input.drill ?? false,
      ...targets,
      at: now,
    });
    await replaceAssignments(tx, caseId, {
      leadId: input.leadExpertId,
      ...input,
      by: actor.userId,
      at: now,
    });
    await scheduleDeadlineChecks(tx, caseId, updated.deadlineVersion, now, targets);
    const organisations = [
      ...new Map(experts.map((e) => [e.organisationId, e.organisationName])),
    ].map(([id, name]) => ({ id, name }));
    await appendAudit(tx, {
      actor,
      action: current.status === "new" ? "case.triaged" : "case.retriaged",
      object: { type: "case", id: caseId },
      meta,
      data: {
        urgency: input.urgency,
        category: input.category,
        assignees: experts.map((e) => e.id),
      },
    });
    await recordCaseEvent(
      tx,
      "case.assigned",
      updated,
      { userIds: experts.map((e) => e.id), roles: ["coordinator"], email: true },
      { leadExpertId: input.leadExpertId, contributorIds: input.contributorIds, organisations },
    );
    const [summary] = await summarizeCases(tx, [updated], now);
    return {
      ...summary!,
      targets: {
        firstDraftDueAt: targets.firstDraftDueAt.toISOString(),
        reviewDueAt: targets.reviewDueAt.toISOString(),
        deadlineAt: targets.deadlineAt.toISOString(),
      },
      assignments: (await listAssignments(tx, caseId)).map((a) => ({
        ...a,
        assignedAt: a.assignedAt.toISOString(),
      })),
    };
  });
}

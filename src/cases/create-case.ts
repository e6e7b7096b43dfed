import { appendAudit } from "../audit/append.ts";
import type { RequestMeta, UserActor } from "../auth/actor.ts";
import type { StaffCtx } from "../context.ts";
import type { Sql } from "../db/client.ts";
import { normalizeText } from "../text/normalize.ts";
import { attachNewCase } from "../topics/attach-new-case.ts";
import { recordCaseEvent } from "./case-events.ts";
import { type CaseRow, insertCase } from "./db/cases.ts";
import { triageDueAt } from "./deadlines.ts";
import { presentCaseSummary } from "./present.ts";
import { assertCategoryExists, assertRegionExists } from "./reference-checks.ts";
import { scheduleTriageCheck } from "./schedule-deadlines.ts";
import { deadlineSettings } from "./settings.ts";

export interface CreateCaseInput {
  title: string;
  description?: string;
  category?: string;
  urgency?: number;
  region?: string;
  drill?: boolean;
}

/** Opens a staff case in the caller's transaction: row, triage check, audit, `case.opened`. */
export async function openStaffCase(
  tx: Sql,
  ctx: { actor: UserActor; meta: RequestMeta; now: Date },
  input: CreateCaseInput,
  origin: "proactive" | "search_miss",
): Promise<CaseRow> {
  const description = input.description ?? "";
  const created = await insertCase(tx, {
    origin,
    title: input.title,
    description,
    matchNorm: normalizeText(`${input.title}\n${description}`),
    category: input.category ?? null,
    urgency: input.urgency ?? null,
    regionCode: input.region ?? null,
    drill: input.drill ?? false,
    reportCount: 0,
    lastReportAt: null,
    triageDueAt: triageDueAt(ctx.now, deadlineSettings()),
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
  });
  await scheduleTriageCheck(tx, created.id, created.triageDueAt!);
  await attachNewCase(tx, created);
  await appendAudit(tx, {
    actor: ctx.actor,
    action: "case.created",
    object: { type: "case", id: created.id },
    meta: ctx.meta,
    data: { origin, drill: created.drill },
  });
  await recordCaseEvent(tx, "case.opened", created, { roles: ["coordinator"], email: false });
  return created;
}

/**
 * A case a coordinator opens before any report arrives (主动发声: a typhoon is coming, a vaccine
 * campaign starts), or an exercise when `drill` is set. It then goes through the same triage.
 * @example await createCase(ctx, { title: "台风“摩羯”防御科普" })
 */
export async function createCase({ deps, actor, meta }: StaffCtx, input: CreateCaseInput) {
  if (input.category) await assertCategoryExists(deps.sql, input.category, "category");
  if (input.region) await assertRegionExists(deps.sql, input.region, "region");
  const now = deps.now();
  return deps.sql.begin(async (tx) => {
    const created = await openStaffCase(tx, { actor, meta, now }, input, "proactive");
    return presentCaseSummary(created, 0, now);
  });
}

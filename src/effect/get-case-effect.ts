import { assertAllowed } from "../auth/policy.ts";
import { findCase } from "../cases/db/cases.ts";
import { caseRebuttals } from "../cases/db/cases-detail.ts";
import { isAssigned } from "../cases/db/cases-people.ts";
import { canViewCase } from "../cases/policy.ts";
import type { ServiceCtx } from "../context.ts";
import { AppError, validationError } from "../http/errors.ts";
import { effectFigures } from "./figures.ts";
import { type CaseEffect, EffectWindowQuery } from "./schemas.ts";
import { windowAround } from "./series.ts";

/**
 * Did the answer damp the rumour? Reports and searches per hour before and after the case's
 * first publication, its rebuttals' views and helpful votes, and the share of reports answered
 * at once after publication. Who may see the case may see this; others get a 404.
 * @example await getCaseEffect(ctx, { id, before: 48, after: 72 })
 */
export async function getCaseEffect(
  { deps, actor }: ServiceCtx,
  input: { id: string; before?: number; after?: number },
): Promise<CaseEffect> {
  const parsed = EffectWindowQuery.safeParse({ before: input.before, after: input.after });
  if (!parsed.success) throw validationError(parsed.error);
  const span = parsed.data;
  const c = await findCase(deps.sql, input.id);
  if (!c) throw new AppError("not_found", "未找到这个事件");
  const assigned = actor.kind === "user" ? await isAssigned(deps.sql, c.id, actor.userId) : false;
  assertAllowed(canViewCase(actor, { status: c.status, assigned }));
  const rebuttals = await caseRebuttals(deps.sql, c.id);
  const publishedAt = c.publishedAt ?? rebuttals[0]?.publishedAt ?? null;
  const w = windowAround(publishedAt, deps.now(), span);
  const scope = { caseIds: [c.id], rebuttalIds: rebuttals.map((r) => r.id) };
  const figures = await effectFigures(deps.sql, scope, w, publishedAt, c.drill);
  return {
    caseId: c.id,
    drill: c.drill,
    publishedAt: publishedAt?.toISOString() ?? null,
    publications: rebuttals.map((r) => ({
      rebuttalId: r.id,
      slug: r.slug,
      title: r.title,
      publishedAt: r.publishedAt.toISOString(),
    })),
    window: { from: w.from.toISOString(), to: w.to.toISOString(), ...span },
    ...figures,
  };
}

import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { findCase } from "./db/cases.ts";
import { expertCandidates } from "./db/cases-people.ts";
import { assertCategoryExists } from "./reference-checks.ts";

/**
 * Experts for a case: those whose expertise covers its category first, then the least loaded
 * (fewest open assignments), from every organisation.
 * @example await suggestExperts(ctx, { id: caseId, limit: 10 })
 */
export async function suggestExperts(
  { deps }: ServiceCtx,
  opts: { id: string; category?: string; limit: number },
) {
  const caseId = opts.id;
  const c = await findCase(deps.sql, caseId);
  if (!c) throw new AppError("not_found", "未找到这个事件");
  if (opts.category) await assertCategoryExists(deps.sql, opts.category, "category");
  const category = opts.category ?? c.category;
  const rows = await expertCandidates(deps.sql, category, opts.limit);
  return {
    category,
    experts: rows.map((r) => ({
      userId: r.id,
      name: r.name,
      organisationId: r.organisationId,
      organisationName: r.organisationName,
      organisationKind: r.organisationKind,
      expertise: r.expertise,
      matchesCategory: r.matchesCategory,
      openAssignments: r.openAssignments,
    })),
  };
}

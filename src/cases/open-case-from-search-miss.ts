import type { StaffCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { openStaffCase } from "./create-case.ts";
import { linkSearchMiss, lockSearchMiss } from "./db/cases.ts";
import { presentCaseSummary } from "./present.ts";
import { titleFromText } from "./text-rules.ts";

/**
 * Opens a case (origin `search_miss`) for something the public searched for and did not find,
 * and links the miss to it. A miss already linked answers 409 with the case it has.
 * @example await openCaseFromSearchMiss(ctx, { queryNorm: "喝醋防新冠" })
 */
export async function openCaseFromSearchMiss(
  { deps, actor, meta }: StaffCtx,
  input: { queryNorm: string },
) {
  const now = deps.now();
  return deps.sql.begin(async (tx) => {
    const miss = await lockSearchMiss(tx, input.queryNorm);
    if (!miss) throw new AppError("not_found", "没有这条未命中的搜索");
    if (miss.caseId) {
      throw new AppError("conflict", "已为这条搜索立过事件", { caseId: miss.caseId });
    }
    const created = await openStaffCase(
      tx,
      { actor, meta, now },
      {
        title: titleFromText(miss.sample),
        description: `公众搜索未找到答案（${miss.count} 次）：${miss.sample}`,
      },
      "search_miss",
    );
    await linkSearchMiss(tx, miss.queryNorm, created.id);
    return presentCaseSummary(created, 0, now);
  });
}

import { appendAudit } from "../audit/append.ts";
import type { StaffCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { lockClosable } from "./close-case.ts";
import { closeCaseRow, findCase, recountReports } from "./db/cases.ts";
import { moveReports } from "./db/reports.ts";
import { fieldError } from "./reference-checks.ts";
import { summarizeCases } from "./summaries.ts";

/**
 * Merges a duplicate into another open case: its reports move over (and count there), and it
 * closes with reason `duplicate` pointing at the case it went into.
 * @example await mergeCase(ctx, { id: duplicateId, intoCaseId })
 */
export async function mergeCase(
  { deps, actor, meta }: StaffCtx,
  input: { id: string; intoCaseId: string },
) {
  const { id } = input;
  if (input.intoCaseId === id) throw fieldError("intoCaseId", "不能合并到自身");
  const now = deps.now();
  return deps.sql.begin(async (tx) => {
    // Lock both in a fixed order, so two opposite merges cannot deadlock.
    const [first, second] = [id, input.intoCaseId].sort();
    await findCase(tx, first!, { lock: true });
    await findCase(tx, second!, { lock: true });
    const source = await lockClosable(tx, id);
    const target = await findCase(tx, input.intoCaseId);
    if (!target) throw fieldError("intoCaseId", "目标事件不存在");
    if (target.status === "closed") {
      throw new AppError("invalid_state", "目标事件已关闭", { currentState: target.status });
    }
    if (target.drill !== source.drill) throw fieldError("intoCaseId", "演练事件与真实事件不能合并");
    const moved = await moveReports(tx, id, target.id);
    await recountReports(tx, target.id);
    await recountReports(tx, id);
    await closeCaseRow(tx, id, {
      reason: "duplicate",
      note: `并入事件 #${target.number}`,
      mergedInto: target.id,
      by: actor.userId,
      at: now,
    });
    for (const [caseId, action] of [
      [id, "case.merged"],
      [target.id, "case.absorbed"],
    ] as const) {
      await appendAudit(tx, {
        actor,
        action,
        object: { type: "case", id: caseId },
        meta,
        data: { from: id, into: target.id, reportsMoved: moved },
      });
    }
    const merged = (await findCase(tx, target.id))!;
    return { into: (await summarizeCases(tx, [merged], now))[0]!, reportsMoved: moved };
  });
}

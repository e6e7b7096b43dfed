import { appendAudit } from "../audit/append.ts";
import type { StaffCtx } from "../context.ts";
import type { Sql } from "../db/client.ts";
import { AppError } from "../http/errors.ts";
import { canTransition } from "../vocabulary/case-states.ts";
import { type CaseRow, closeCaseRow, findCase } from "./db/cases.ts";
import { summarizeCases } from "./summaries.ts";

export interface CloseCaseInput {
  id: string;
  reason: "rejected" | "out_of_scope" | "answered";
  note?: string;
}

/** Locks a case that is about to close; 404 if missing, 409 with its state if it cannot close. */
export async function lockClosable(tx: Sql, id: string): Promise<CaseRow> {
  const c = await findCase(tx, id, { lock: true });
  if (!c) throw new AppError("not_found", "未找到这个事件");
  if (!canTransition(c.status, "closed")) {
    throw new AppError("invalid_state", "事件已关闭", { currentState: c.status });
  }
  return c;
}

/**
 * Closes a case with a reason (not a rumour, out of scope, answered elsewhere) and a note.
 * Its pending deadline checks see the closed state and stay quiet.
 * @example await closeCase(ctx, { id, reason: "out_of_scope", note: "非本省" })
 */
export async function closeCase({ deps, actor, meta }: StaffCtx, input: CloseCaseInput) {
  const { id } = input;
  const now = deps.now();
  return deps.sql.begin(async (tx) => {
    const c = await lockClosable(tx, id);
    const closed = await closeCaseRow(tx, id, {
      reason: input.reason,
      note: input.note ?? "",
      mergedInto: null,
      by: actor.userId,
      at: now,
    });
    await appendAudit(tx, {
      actor,
      action: "case.closed",
      object: { type: "case", id },
      meta,
      data: { reason: input.reason, from: c.status },
    });
    return (await summarizeCases(tx, [closed], now))[0]!;
  });
}

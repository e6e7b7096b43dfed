import type { ServiceCtx } from "../context.ts";
import { verifyUnsubscribe } from "../fanout/unsubscribe-link.ts";
import { AppError } from "../http/errors.ts";
import { findFollower, unsubscribeFollower } from "./db/follow-up.ts";

/**
 * One-click unsubscribe from a reporter email: forgets the address (idempotent).
 * @example await unsubscribeReporter(ctx, { reportId, sig })
 */
export async function unsubscribeReporter(
  { deps }: ServiceCtx,
  p: { reportId: string; sig: string },
) {
  const f = /^[0-9a-f-]{36}$/.test(p.reportId)
    ? await findFollower(deps.sql, p.reportId)
    : undefined;
  if (!f || !verifyUnsubscribe(f.unsubscribeKey, p.reportId, p.sig)) {
    throw new AppError("not_found", "退订链接无效");
  }
  await unsubscribeFollower(deps.sql, p.reportId, deps.now());
}

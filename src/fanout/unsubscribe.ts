import { appendAudit } from "../audit/append.ts";
import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { findSubscription, stopSubscription } from "./db/fanout-subscriptions.ts";
import { verifyUnsubscribe } from "./unsubscribe-link.ts";

/** The email subscription a signed unsubscribe link names, or 404 for a bad link. */
export async function checkUnsubscribeLink(
  { deps }: ServiceCtx,
  { id, sig }: { id: string; sig: string },
) {
  const sub = await findSubscription(deps.sql, id);
  if (
    sub?.channel !== "email" ||
    !sub.unsubscribeKey ||
    !verifyUnsubscribe(sub.unsubscribeKey, id, sig)
  ) {
    throw new AppError("not_found", "退订链接无效或已失效");
  }
  return sub;
}

/**
 * One-click unsubscribe (RFC 8058): the signed link alone authorises it; the subscription is
 * disabled (not deleted) so the organisation sees why its emails stopped. Idempotent.
 */
export async function unsubscribe(ctx: ServiceCtx, input: { id: string; sig: string }) {
  const { deps, meta } = ctx;
  const { id } = input;
  const sub = await checkUnsubscribeLink(ctx, input);
  await deps.sql.begin(async (tx) => {
    if (!(await stopSubscription(tx, id, "disabled", "收件人已通过邮件中的链接退订"))) return;
    await appendAudit(tx, {
      actor: { kind: "system", label: "unsubscribe-link" },
      action: "subscription.unsubscribed",
      object: { type: "subscription", id },
      meta,
      data: { target: sub.target },
    });
  });
  return { target: sub.target };
}

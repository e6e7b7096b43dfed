import type { Deps } from "../deps.ts";
import { findDeliveryToSend } from "./db/fanout.ts";
import { rebuttalEmail } from "./email-content.ts";
import { envelopeOf } from "./envelope.ts";
import { ready } from "./send-webhook.ts";
import { type Outcome, settleAttempt } from "./settle-attempt.ts";
import { unsubscribeUrl } from "./unsubscribe-link.ts";

/** SMTP 5xx replies are permanent (no such mailbox); 4xx and connection failures are retried. */
export function classifySmtpError(err: unknown): Outcome {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  const error = e.response ?? (e.code ? `${e.code}: ${e.message}` : String(e.message ?? err));
  const status = e.responseCode ? String(e.responseCode) : undefined;
  if (e.responseCode && e.responseCode >= 500) return { kind: "failed", status, error };
  return { kind: "retry", status, error };
}

/**
 * Sends one email delivery through the pooled mailer (paced by the pool) with a one-click
 * unsubscribe header (RFC 8058), and settles it like a webhook.
 * @example await sendEmail(deps, deliveryId);
 */
export async function sendEmail(deps: Deps, deliveryId: string): Promise<void> {
  const d = await findDeliveryToSend(deps.sql, deliveryId);
  if (!d || !(await ready(deps, d))) return;
  const link = unsubscribeUrl(deps.config.publicUrl, d.subscriptionId, d.unsubscribeKey ?? "");
  const mail = rebuttalEmail(envelopeOf({ ...d, id: d.eventId }), link);
  const started = performance.now();
  let outcome: Outcome;
  try {
    const sent = await deps.mailer.send({
      to: d.target,
      ...mail,
      headers: {
        "List-Unsubscribe": `<${link}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "X-Chorus-Event-Id": d.eventId,
      },
    });
    outcome = { kind: "delivered", status: sent.response.slice(0, 200) };
  } catch (err) {
    outcome = classifySmtpError(err);
  }
  await settleAttempt(deps, d, outcome, Math.round(performance.now() - started));
}

import type { Deps } from "../deps.ts";
import { type DeliveryToSend, findDeliveryToSend, updateDelivery } from "./db/fanout.ts";
import { envelopeOf } from "./envelope.ts";
import { postJson } from "./net/post-json.ts";
import { ForbiddenTargetError } from "./net/safe-target.ts";
import { parseRetryAfter } from "./retry.ts";
import { type Outcome, settleAttempt } from "./settle-attempt.ts";
import { signedHeaders } from "./signing.ts";

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** The secrets that sign now: the current one, and the previous one during a rotation window. */
export function signingSecrets(d: DeliveryToSend, now: Date): string[] {
  const out = d.secret ? [d.secret] : [];
  if (d.previousSecret && d.previousSecretExpiresAt && d.previousSecretExpiresAt > now) {
    out.push(d.previousSecret);
  }
  return out;
}

/** Classifies a receiver's answer: 2xx delivered; 408/429/5xx retried; 410 gone; other 4xx final. */
export function classifyResponse(
  status: number,
  retryAfter: string | undefined,
  now: Date,
): Outcome {
  const s = String(status);
  if (status >= 200 && status < 300) return { kind: "delivered", status: s };
  if (status === 410) return { kind: "gone", status: s };
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: "retry", status: s, retryAfterMs: parseRetryAfter(retryAfter, now) };
  }
  const error = status >= 300 && status < 400 ? "接收端返回重定向，Chorus 不跟随重定向" : undefined;
  return { kind: "failed", status: s, error };
}

/** Skips a delivery that is settled or whose subscription stopped; true when it should be sent. */
export async function ready(deps: Deps, d: DeliveryToSend): Promise<boolean> {
  if (d.status === "delivered" || d.status === "failed" || d.status === "dead") return false;
  if (d.subscriptionStatus === "active") return true;
  await updateDelivery(deps.sql, d.id, {
    status: "failed",
    attempted: false,
    lastError: d.deletedAt ? "订阅已删除" : "订阅已暂停或停用，恢复后可重新投递",
  });
  return false;
}

/**
 * Sends one webhook delivery (POST of the envelope, Standard Webhooks signature) and settles
 * it. Idempotent: a delivered delivery is not sent again.
 * @example await sendWebhook(deps, deliveryId);
 */
export async function sendWebhook(deps: Deps, deliveryId: string): Promise<void> {
  const d = await findDeliveryToSend(deps.sql, deliveryId);
  if (!d || !(await ready(deps, d))) return;
  const now = deps.now();
  const body = JSON.stringify(envelopeOf({ ...d, id: d.eventId }));
  const headers = signedHeaders(signingSecrets(d, now), d.eventId, body, now);
  const started = performance.now();
  let outcome: Outcome;
  try {
    const res = await postJson(d.target, body, headers, {
      allowPrivate: deps.config.webhookAllowPrivate,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
    });
    outcome = classifyResponse(res.status, res.retryAfter, now);
  } catch (err) {
    outcome =
      err instanceof ForbiddenTargetError
        ? { kind: "failed", error: `目标地址被拒绝：${err.message}` }
        : { kind: "retry", error: networkError(err) };
  }
  await settleAttempt(deps, d, outcome, Math.round(performance.now() - started));
}

function networkError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.name === "TimeoutError" || e.name === "AbortError")
    return `超时（${WEBHOOK_TIMEOUT_MS / 1000} 秒）`;
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? err);
}

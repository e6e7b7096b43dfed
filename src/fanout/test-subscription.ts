import crypto from "node:crypto";
import { appendAudit } from "../audit/append.ts";
import type { Actor, RequestMeta } from "../auth/actor.ts";
import type { Deps } from "../deps.ts";
import { subscriptionSecrets } from "./db/fanout-subscriptions.ts";
import { loadOwnSubscription } from "./manage-subscription.ts";
import { postJson } from "./net/post-json.ts";
import { ForbiddenTargetError } from "./net/safe-target.ts";
import { WEBHOOK_TIMEOUT_MS } from "./send-webhook.ts";
import { signedHeaders } from "./signing.ts";

export interface TestSendResult {
  ok: boolean;
  /** The receiver's HTTP status, or the SMTP server's reply. */
  response: string | null;
  error: string | null;
  durationMs: number;
}

const MESSAGE = "Chorus 测试消息：收到即表示订阅配置正确。这不是一条辟谣信息。";

/**
 * Sends one test message to a subscription right now, signed like a real delivery, and says
 * what the receiver answered. It is not an event: no seq, no delivery row, no retry.
 * @example const { ok, response } = await testSubscription(deps, actor, id, meta);
 */
export async function testSubscription(
  deps: Deps,
  actor: Actor,
  id: string,
  meta: RequestMeta,
): Promise<TestSendResult> {
  const sub = await loadOwnSubscription(deps, actor, id);
  const now = deps.now();
  const envelope = {
    id: crypto.randomUUID(),
    type: "subscription.test",
    seq: null,
    occurredAt: now.toISOString(),
    data: { subscriptionId: sub.id, message: MESSAGE },
  };
  const started = performance.now();
  let result: Omit<TestSendResult, "durationMs">;
  try {
    if (sub.channel === "webhook") {
      const body = JSON.stringify(envelope);
      const secrets = await subscriptionSecrets(deps.sql, sub.id, now);
      const res = await postJson(sub.target, body, signedHeaders(secrets, envelope.id, body, now), {
        allowPrivate: deps.config.webhookAllowPrivate,
        timeoutMs: WEBHOOK_TIMEOUT_MS,
      });
      const ok = res.status >= 200 && res.status < 300;
      result = { ok, response: String(res.status), error: ok ? null : `接收端返回 ${res.status}` };
    } else {
      const sent = await deps.mailer.send({
        to: sub.target,
        subject: "【Chorus 测试】订阅测试邮件",
        text: `${MESSAGE}\n\n订阅编号：${sub.id}`,
      });
      result = { ok: true, response: sent.response, error: null };
    }
  } catch (err) {
    const message =
      err instanceof ForbiddenTargetError
        ? `目标地址被拒绝：${err.message}`
        : String((err as Error).message);
    result = { ok: false, response: null, error: message };
  }
  const outcome = { ...result, durationMs: Math.round(performance.now() - started) };
  await appendAudit(deps.sql, {
    actor,
    action: "subscription.test_sent",
    object: { type: "subscription", id: sub.id },
    meta,
    data: { ok: outcome.ok, response: outcome.response },
  });
  return outcome;
}

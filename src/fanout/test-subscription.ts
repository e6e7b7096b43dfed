import crypto from "node:crypto";
import { appendAudit } from "../audit/append.ts";
import type { Actor, RequestMeta } from "../auth/actor.ts";
import type { Deps } from "../deps.ts";
import type { TestAnswer, TestMessage } from "./channels/channel.ts";
import { channelOf } from "./channels/index.ts";
import { loadOwnSubscription } from "./manage-subscription.ts";

export interface TestSendResult extends TestAnswer {
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
  const message: TestMessage = {
    id: crypto.randomUUID(),
    type: "subscription.test",
    seq: null,
    occurredAt: now.toISOString(),
    data: { subscriptionId: sub.id, message: MESSAGE },
  };
  const started = performance.now();
  let result: TestAnswer;
  try {
    result = await channelOf(sub.channel).sendTest(deps, sub, message);
  } catch (err) {
    result = { ok: false, response: null, error: String((err as Error).message) };
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

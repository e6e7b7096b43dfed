import { appendAudit } from "../audit/append.ts";
import type { Deps } from "../deps.ts";
import {
  type DeliveryToSend,
  enqueueDeliveryJobs,
  insertAttempt,
  notifyProgress,
  updateDelivery,
} from "./db/fanout.ts";
import {
  noteSubscriptionFailure,
  noteSubscriptionSuccess,
  stopSubscription,
} from "./db/fanout-subscriptions.ts";
import { retrySeriesStart } from "./db/retry-series.ts";
import { deliveryJob } from "./jobs.ts";
import { nextRetryDelay } from "./retry.ts";
import { tellOrganisation } from "./tell-organisation.ts";

/** What one attempt came to. `gone` is a webhook receiver's 410: stop sending for good. */
export type Outcome =
  | { kind: "delivered"; status: string }
  | { kind: "retry"; status?: string; error?: string; retryAfterMs?: number }
  | { kind: "failed"; status?: string; error?: string }
  | { kind: "gone"; status: string };

const system = { kind: "system" as const, label: "fanout" };

/**
 * Records an attempt and its consequence in one transaction: the delivery's new status, the
 * next try (re-enqueued with runAt, ADR 0050), dead-lettering with an alert, and pausing or
 * disabling the subscription after persistent failure or a 410.
 */
export async function settleAttempt(
  deps: Deps,
  d: DeliveryToSend,
  outcome: Outcome,
  durationMs: number,
): Promise<void> {
  const attempts = d.attempts + 1;
  const status = "status" in outcome ? outcome.status : undefined;
  const error = "error" in outcome ? outcome.error : undefined;
  const stopped = await deps.sql.begin(async (tx) => {
    await insertAttempt(tx, {
      deliveryId: d.id,
      durationMs,
      statusCode: status && /^\d+$/.test(status) ? Number(status) : undefined,
      response: status,
      error,
    });
    const base = { attempted: true as const, lastStatus: status ?? null, lastError: error ?? null };
    if (outcome.kind === "delivered") {
      await updateDelivery(tx, d.id, { ...base, status: "delivered" });
      await noteSubscriptionSuccess(tx, d.subscriptionId);
      return undefined;
    }
    await noteSubscriptionFailure(tx, d.subscriptionId);
    if (outcome.kind === "gone") {
      await updateDelivery(tx, d.id, { ...base, status: "failed" });
      return stop(tx, d, "disabled", `接收地址返回 410 Gone，订阅已停用`);
    }
    if (outcome.kind === "failed") {
      await updateDelivery(tx, d.id, { ...base, status: "failed" });
      return undefined;
    }
    return retryOrDeadLetter(deps, tx, d, {
      ...base,
      attempts,
      retryAfterMs: outcome.retryAfterMs,
    });
  });
  await notifyProgress(deps.sql, d.eventId);
  if (stopped) await tellOrganisation(deps, d.organisationId, stopped);
}

type Tx = Parameters<typeof appendAudit>[0];

/** Schedules the next attempt, or dead-letters the delivery and pauses its subscription. */
async function retryOrDeadLetter(
  deps: Deps,
  tx: Tx,
  d: DeliveryToSend,
  a: {
    attempted: true;
    lastStatus: string | null;
    lastError: string | null;
    attempts: number;
    retryAfterMs?: number;
  },
) {
  const { attempts, retryAfterMs, ...base } = a;
  const now = deps.now().getTime();
  const since = (await retrySeriesStart(tx, d.id, attempts))?.getTime() ?? now;
  const delay = nextRetryDelay(attempts, { retryAfterMs, elapsedMs: Math.max(0, now - since) });
  if (delay !== undefined) {
    const runAt = new Date(now + delay);
    await updateDelivery(tx, d.id, { ...base, status: "retrying", nextAttemptAt: runAt });
    await enqueueDeliveryJobs(tx, [deliveryJob(d.channel, d.id, runAt)]);
    return undefined;
  }
  await updateDelivery(tx, d.id, { ...base, status: "dead" });
  await appendAudit(tx, {
    actor: system,
    action: "delivery.dead_lettered",
    object: { type: "delivery", id: d.id },
    data: {
      subscriptionId: d.subscriptionId,
      eventId: d.eventId,
      attempts,
      error: base.lastError,
      status: base.lastStatus,
    },
  });
  deps.log.error({ deliveryId: d.id, subscriptionId: d.subscriptionId }, "delivery dead-lettered");
  return stop(tx, d, "paused", `投递连续失败 ${attempts} 次（约一天），订阅已自动暂停`);
}

async function stop(tx: Tx, d: DeliveryToSend, status: "paused" | "disabled", reason: string) {
  if (!(await stopSubscription(tx, d.subscriptionId, status, reason))) return undefined;
  await appendAudit(tx, {
    actor: system,
    action: status === "paused" ? "subscription.paused" : "subscription.disabled",
    object: { type: "subscription", id: d.subscriptionId },
    data: { reason, deliveryId: d.id },
  });
  return { subscriptionId: d.subscriptionId, target: d.target, status, reason };
}

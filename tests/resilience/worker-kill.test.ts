import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newWebhookSecret } from "../../src/fanout/signing.ts";
import { createSubscriptionRow } from "../support/fanout-factories.ts";
import { WAIT } from "../support/wait.ts";
import {
  cleanUp,
  deliveryStatuses,
  eventsMissing,
  publicEventIds,
  publishBurst,
  type Stack,
  searchIndexDiff,
  startStack,
} from "./harness.ts";
import { mediaSocket, webhookReceiver } from "./receivers.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 180_000);
afterAll(cleanUp, 60_000);

/** Jobs (and job queues) still locked in the name of any of `workerIds`. */
async function locksHeldBy(workerIds: string[]) {
  const [row] = await stack.sql`
    select (select count(*)::int from graphile_worker._private_jobs
             where locked_by = any(${workerIds})) +
           (select count(*)::int from graphile_worker._private_job_queues
             where locked_by = any(${workerIds})) as n`;
  return row!.n as number;
}

describe("a worker process SIGKILLed in the middle of a fan-out", () => {
  it("loses nothing once a new worker runs, and its job locks are freed within about a minute of its death", async () => {
    let holding = true;
    const hooks: (Awaited<ReturnType<typeof webhookReceiver>> & { subscriptionId: string })[] = [];
    for (let i = 0; i < 3; i++) {
      const secret = newWebhookSecret();
      // Slow while `holding`, so the worker is busy delivering when it is killed.
      const r = await webhookReceiver(secret, () => ({ status: 204, afterMs: holding ? 3000 : 0 }));
      const sub = await createSubscriptionRow(stack.sql, {
        organisationId: stack.media.id,
        target: r.url,
        secret,
      });
      hooks.push({ ...r, subscriptionId: sub.id });
    }
    const socket = await mediaSocket(stack.api.url, stack.mediaToken);
    const [worker] = stack.workers;

    await publishBurst(stack, 20);
    const lockedByWorker = async () => {
      const rows = await stack.sql`
        select h.worker_ids, count(j.id)::int as locked
        from chorus_worker_heartbeats h
        left join graphile_worker._private_jobs j on j.locked_by = any(h.worker_ids)
        where h.pid = ${worker!.child.pid!} group by h.worker_ids`;
      return { workerIds: (rows[0]?.workerIds ?? []) as string[], locked: rows[0]?.locked ?? 0 };
    };
    await expect
      .poll(
        async () =>
          (await lockedByWorker()).locked > 0 && hooks.every((h) => h.requests.length > 0),
        {
          timeout: 60_000,
          interval: 200,
        },
      )
      .toBe(true);
    const { workerIds } = await lockedByWorker();
    expect(workerIds.length).toBeGreaterThan(0);

    expect(await worker!.kill("SIGKILL")).toBeNull();
    holding = false;
    const heldAtDeath = await locksHeldBy(workerIds);
    expect(heldAtDeath).toBeGreaterThan(0);
    await stack.startWorker();
    // Published while no worker is alive: the queue keeps them for the new one.
    await publishBurst(stack, 5, { from: 20 });

    await expect.poll(() => locksHeldBy(workerIds), { timeout: 75_000, interval: 250 }).toBe(0);

    for (const h of hooks) {
      await expect
        .poll(() => eventsMissing(stack, h.delivered), { timeout: 90_000, interval: 500 })
        .toEqual({ events: 25, missing: [] });
      expect(h.requests.filter((q) => q.webhookId !== q.eventId || !q.verified)).toEqual([]);
      await expect
        .poll(() => deliveryStatuses(stack, [h.subscriptionId]), WAIT)
        .toEqual(["delivered:25"]);
    }
    await expect
      .poll(() => searchIndexDiff(stack), { timeout: 90_000, interval: 1000 })
      .toEqual({ missing: [], notLive: [] });
    await expect
      .poll(async () => {
        const events = await publicEventIds(stack);
        return { events: events.length, missed: events.filter((id) => !socket.has(id)) };
      }, WAIT)
      .toEqual({ events: 25, missed: [] });
    expect(stack.exited()).toEqual([`worker ${worker!.child.pid} (SIGKILL)`]);
  }, 300_000);
});

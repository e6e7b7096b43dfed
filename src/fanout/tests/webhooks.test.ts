import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation } from "../../../tests/support/factories.ts";
import {
  createRebuttal,
  createSubscriptionRow,
  publish,
  webhookReceiver,
} from "../../../tests/support/fanout-factories.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import { enqueueDeliveryJobs } from "../db/fanout.ts";
import { deliveryJob } from "../jobs.ts";
import { retryDelaysMs } from "../retry.ts";
import { fanoutTasks } from "../tasks/index.ts";

let ctx: TestContext;
let workers: Workers;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" });
  workers = await startWorkers(ctx.deps, { tasks: fanoutTasks, pollInterval: 50 });
});
afterAll(async () => {
  await workers.stop();
  for (const close of closers) await close();
  await ctx.close();
});

const deliveriesOf = (subscriptionId: string) =>
  ctx.sql<{ eventId: string; status: string; attempts: number; lastStatus: string | null }[]>`
    select event_id, status, attempts, last_status from deliveries where subscription_id = ${subscriptionId}`;

async function subscriber(script: Parameters<typeof webhookReceiver>[1] = [], filters = {}) {
  const org = await createOrganisation(ctx.sql, { kind: "media" });
  const secret = (await import("../signing.ts")).newWebhookSecret();
  const receiver = await webhookReceiver(secret, script);
  closers.push(receiver.close);
  const sub = await createSubscriptionRow(ctx.sql, {
    organisationId: org.id,
    target: receiver.url,
    secret,
    filters,
  });
  return { org, secret, receiver, sub };
}

describe("webhook delivery", () => {
  it("survives 500 and 429 answers and ends with each event exactly once, every request verifiable", async () => {
    const { secret, receiver, sub } = await subscriber(
      [{ status: 500 }, { status: 429, headers: { "retry-after": "1" } }],
      { categories: ["vaccines"] },
    );
    const rebuttal = await createRebuttal(ctx.sql, { category: "vaccines" });
    const events = [];
    for (const type of ["rebuttal.published", "rebuttal.updated", "rebuttal.retracted"] as const) {
      events.push(await publish(ctx.sql, rebuttal, type));
    }
    await expect
      .poll(
        async () => (await deliveriesOf(sub.id)).filter((d) => d.status === "delivered").length,
        WAIT,
      )
      .toBe(3);
    const unique = new Map(receiver.received.map((r) => [r.id, r]));
    expect([...unique.keys()].sort()).toEqual(events.map((e) => e.id).sort());
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    for (const e of events) expect(unique.get(e.id)!.envelope).toEqual(e);
    // The refused requests were signed too: a receiver can verify before it decides to fail.
    const wh = new Webhook(secret);
    for (const req of receiver.requests) {
      expect(() => wh.verify(req.body, req.headers as Record<string, string>)).not.toThrow();
    }
    const attempts = await ctx.sql<{ statusCode: number }[]>`
      select a.status_code from delivery_attempts a join deliveries d on d.id = a.delivery_id
      where d.subscription_id = ${sub.id} order by a.id`;
    expect(attempts.map((a) => a.statusCode).sort()).toEqual([204, 204, 204, 429, 500]);
  });

  it("waits the schedule's delay when a receiver answers 429 with Retry-After: 0", async () => {
    const { receiver, sub } = await subscriber([{ status: 429, headers: { "retry-after": "0" } }]);
    await publish(ctx.sql, await createRebuttal(ctx.sql));
    await expect.poll(async () => (await deliveriesOf(sub.id))[0]?.status, WAIT).toBe("delivered");
    const attempts = await ctx.sql<{ statusCode: number; attemptedAt: Date }[]>`
      select a.status_code, a.attempted_at from delivery_attempts a
      join deliveries d on d.id = a.delivery_id where d.subscription_id = ${sub.id} order by a.id`;
    expect(attempts.map((a) => a.statusCode)).toEqual([429, 204]);
    const gap = attempts[1]!.attemptedAt.getTime() - attempts[0]!.attemptedAt.getTime();
    expect(gap).toBeGreaterThanOrEqual(0.8 * retryDelaysMs[0]);
    expect(receiver.requests).toHaveLength(2);
  });

  it("keeps retrying a delivery that failed 16 times within a minute: the budget is about a day", async () => {
    const { sub } = await subscriber(
      Array.from({ length: 3 }, () => ({ status: 429, headers: { "retry-after": "0" } })),
      { categories: ["weather"] },
    );
    const event = await publish(ctx.sql, await createRebuttal(ctx.sql, { category: "vaccines" }));
    const [d] = await ctx.sql<{ id: string }[]>`
      insert into deliveries (event_id, subscription_id, channel, status, attempts)
      values (${event.id}, ${sub.id}, 'webhook', 'retrying', 16) returning id`;
    await ctx.sql`
      insert into delivery_attempts (delivery_id, attempted_at, duration_ms, status_code)
      select ${d!.id}, now() - make_interval(secs => 60 - n), 1, 429 from generate_series(1, 16) n`;
    await enqueueDeliveryJobs(ctx.sql, [deliveryJob("webhook", d!.id)]);
    await expect.poll(async () => (await deliveriesOf(sub.id))[0]?.attempts, WAIT).toBe(17);
    const [row] = await ctx.sql<{ status: string; nextAttemptAt: Date; lastAttemptAt: Date }[]>`
      select status, next_attempt_at, last_attempt_at from deliveries where id = ${d!.id}`;
    expect(row!.status).toBe("retrying");
    expect(row!.nextAttemptAt.getTime() - row!.lastAttemptAt.getTime()).toBeGreaterThanOrEqual(
      0.8 * retryDelaysMs.at(-1)!,
    );
    const [s] = await ctx.sql`select status from subscriptions where id = ${sub.id}`;
    expect(s!.status).toBe("active");
  });

  it("does not retry a 400 and records it as failed after one attempt", async () => {
    const { receiver, sub } = await subscriber([{ status: 400 }]);
    await publish(ctx.sql, await createRebuttal(ctx.sql));
    await expect.poll(async () => (await deliveriesOf(sub.id))[0]?.status, WAIT).toBe("failed");
    const [d] = await deliveriesOf(sub.id);
    expect(d).toMatchObject({ attempts: 1, lastStatus: "400" });
    expect(receiver.requests).toHaveLength(1);
  });

  it("disables the subscription when the receiver answers 410 Gone, and tells the organisation why", async () => {
    const { sub } = await subscriber([{ status: 410 }]);
    await publish(ctx.sql, await createRebuttal(ctx.sql));
    await expect
      .poll(
        async () =>
          (await ctx.sql`select status from subscriptions where id = ${sub.id}`)[0]!.status,
        WAIT,
      )
      .toBe("disabled");
    const [row] = await ctx.sql`select status_reason from subscriptions where id = ${sub.id}`;
    expect(row!.statusReason).toContain("410");
    const audit = await ctx.sql`select action from audit_log where object_id = ${sub.id}`;
    expect(audit.map((a) => a.action)).toContain("subscription.disabled");
  });

  it("does not follow a redirect", async () => {
    const target = await subscriber();
    const { sub } = await subscriber([{ status: 302, headers: { location: target.receiver.url } }]);
    await publish(ctx.sql, await createRebuttal(ctx.sql));
    await expect.poll(async () => (await deliveriesOf(sub.id))[0]?.status, WAIT).toBe("failed");
    await expect
      .poll(async () => (await deliveriesOf(target.sub.id))[0]?.status, WAIT)
      .toBe("delivered");
    expect(target.receiver.requests).toHaveLength(1);
  });
});

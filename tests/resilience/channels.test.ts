import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newWebhookSecret } from "../../src/fanout/signing.ts";
import { createSubscriptionRow } from "../support/fanout-factories.ts";
import { WAIT } from "../support/wait.ts";
import {
  callApi,
  cleanUp,
  deliveryStatuses,
  eventsMissing,
  pause,
  publishBurst,
  type Stack,
  startStack,
} from "./harness.ts";
import { type Answer, mediaSocket, smtpServer, webhookReceiver } from "./receivers.ts";

const BURST = 24;
const ok: Answer = { status: 204 };
/** Answers `first` to the first `n` requests, then 204. */
const firstThen = (n: number, first: Answer) => (i: number) => (i < n ? first : ok);

let stack: Stack;
let smtp: Awaited<ReturnType<typeof smtpServer>>;
let socket: Awaited<ReturnType<typeof mediaSocket>>;
const receivers = {} as Record<
  "failing" | "throttled" | "throttledLong" | "silent" | "elsewhere",
  Awaited<ReturnType<typeof webhookReceiver>> & { subscriptionId: string }
>;
let throttlingLong = true;
const mailboxes = ["desk@media.test", "night@media.test"];
const mailSubscriptions: string[] = [];

beforeAll(async () => {
  smtp = await smtpServer();
  stack = await startStack({ env: { SMTP_URL: smtp.url } });
  const hook = async (
    name: keyof typeof receivers,
    answer: (n: number) => Answer,
    filters: Record<string, unknown> = {},
  ) => {
    const secret = newWebhookSecret();
    const r = await webhookReceiver(secret, answer);
    const sub = await createSubscriptionRow(stack.sql, {
      organisationId: stack.media.id,
      target: r.url,
      secret,
      filters,
    });
    receivers[name] = { ...r, subscriptionId: sub.id };
  };
  await hook("failing", firstThen(12, { status: 500 }));
  await hook("throttled", firstThen(12, { status: 429, headers: { "retry-after": "1" } }));
  await hook("throttledLong", () =>
    throttlingLong ? { status: 429, headers: { "retry-after": "3600" } } : ok,
  );
  await hook("silent", firstThen(6, "hang"));
  await hook("elsewhere", () => ok, { categories: ["food-safety"] });
  for (const to of mailboxes) {
    const sub = await createSubscriptionRow(stack.sql, {
      organisationId: stack.media.id,
      channel: "email",
      target: to,
    });
    mailSubscriptions.push(sub.id);
  }
  socket = await mediaSocket(stack.api.url, stack.mediaToken);

  // The SMTP server is down for the whole burst and a little after.
  await smtp.stop();
  await publishBurst(stack, BURST);
  await pause(3000);
  await smtp.start();
}, 300_000);
afterAll(cleanUp, 60_000);

const missing = (got: () => string[]) => eventsMissing(stack, got);

const everything = { events: BURST, missing: [] };

describe(`during a burst of ${BURST} publications with failing receivers`, () => {
  it("delivers every email once the SMTP server that was down is back", async () => {
    for (const to of mailboxes) {
      await expect
        .poll(() => missing(() => smtp.deliveredTo(to)), { timeout: 120_000, interval: 500 })
        .toEqual(everything);
    }
    await expect
      .poll(() => deliveryStatuses(stack, mailSubscriptions), WAIT)
      .toEqual([`delivered:${BURST * 2}`]);
  }, 150_000);

  it("gets every event to a receiver that answered 500 for a while, duplicates only with the same webhook-id", async () => {
    const r = receivers.failing;
    await expect
      .poll(() => missing(r.delivered), { timeout: 120_000, interval: 500 })
      .toEqual(everything);
    expect(r.requests.filter((q) => q.answer === 500)).toHaveLength(12);
    expect(r.requests.filter((q) => q.webhookId !== q.eventId || !q.verified)).toEqual([]);
    await expect
      .poll(() => deliveryStatuses(stack, [r.subscriptionId]), WAIT)
      .toEqual([`delivered:${BURST}`]);
  }, 150_000);

  it("retries a receiver answering 429 with Retry-After: 1 on its own schedule (never sooner than 1.6 s), without pausing it, until it gets every event", async () => {
    const r = receivers.throttled;
    await expect
      .poll(() => missing(r.delivered), { timeout: 120_000, interval: 500 })
      .toEqual(everything);
    expect(r.requests.filter((q) => q.webhookId !== q.eventId || !q.verified)).toEqual([]);
    // The schedule's first step is 2 s ± 20 %: a Retry-After of 1 s does not shorten it.
    const gaps: number[] = [];
    for (const id of new Set(r.requests.map((q) => q.eventId))) {
      const times = r.requests.filter((q) => q.eventId === id).map((q) => q.at.getTime());
      for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
    }
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.filter((g) => g < 1600)).toEqual([]);
    const [sub] = await stack.sql`select status from subscriptions where id = ${r.subscriptionId}`;
    expect(sub?.status).toBe("active");
  }, 150_000);

  it("schedules the next attempt to a receiver answering 429 with Retry-After: 3600 no earlier than an hour later and keeps its subscription active; a redelivery then delivers", async () => {
    const r = receivers.throttledLong;
    const waiting = () => stack.sql`
      select d.id, d.event_id, d.status, d.next_attempt_at,
             (select max(j.run_at) from graphile_worker._private_jobs j
               where j.payload->>'deliveryId' = d.id::text) as job_run_at
      from deliveries d where d.subscription_id = ${r.subscriptionId}`;
    await expect
      .poll(async () => (await waiting()).map((d) => `${d.status}:${d.jobRunAt !== null}`), {
        timeout: 120_000,
        interval: 500,
      })
      .toEqual(Array.from({ length: BURST }, () => "retrying:true"));
    const hour = 3_600_000;
    for (const d of await waiting()) {
      const asked = r.requests.find((q) => q.eventId === d.eventId)!.at.getTime();
      expect((d.nextAttemptAt as Date).getTime()).toBeGreaterThanOrEqual(asked + hour);
      expect((d.jobRunAt as Date).getTime()).toBeGreaterThanOrEqual(asked + hour);
    }
    expect(r.requests).toHaveLength(BURST);
    const [sub] = await stack.sql`select status from subscriptions where id = ${r.subscriptionId}`;
    expect(sub?.status).toBe("active");

    // The receiver recovers; its organisation asks for the waiting deliveries now.
    throttlingLong = false;
    for (const d of await waiting()) {
      const res = await callApi(
        stack,
        "POST",
        `/api/v1/deliveries/${d.id}/redeliver`,
        stack.mediaPerson.auth,
        {},
      );
      expect(res.status).toBeLessThan(300);
    }
    await expect
      .poll(() => missing(r.delivered), { timeout: 60_000, interval: 500 })
      .toEqual(everything);
    expect(r.requests.filter((q) => q.webhookId !== q.eventId || !q.verified)).toEqual([]);
  }, 150_000);

  it("gets every event to a receiver that at first never answered (each attempt timed out), duplicates only with the same webhook-id", async () => {
    const r = receivers.silent;
    await expect
      .poll(() => missing(r.delivered), { timeout: 120_000, interval: 500 })
      .toEqual(everything);
    expect(r.requests.filter((q) => q.answer === "hang")).toHaveLength(6);
    expect(r.requests.filter((q) => q.webhookId !== q.eventId || !q.verified)).toEqual([]);
    const timedOut = await stack.sql`
      select count(*)::int as n from delivery_attempts a join deliveries d on d.id = a.delivery_id
      where d.subscription_id = ${r.subscriptionId} and a.error like '超时%'`;
    expect(timedOut[0]?.n).toBe(6);
  }, 150_000);

  it("sends nothing to a subscription whose filters match none of the events, and every event to the media socket", async () => {
    await expect
      .poll(() => missing(socket.received), { timeout: 60_000, interval: 500 })
      .toEqual(everything);
    expect(receivers.elsewhere.requests).toEqual([]);
    expect(await deliveryStatuses(stack, [receivers.elsewhere.subscriptionId])).toEqual([]);
    expect(stack.exited()).toEqual([]);
  }, 90_000);
});

import fs from "node:fs";
import { io as connectClient } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  createApiToken,
  createOrganisation,
  createUser,
  signedInUser,
} from "../../../tests/support/factories.ts";
import {
  createRebuttal,
  createSubscriptionRow,
  publish,
  webhookReceiver,
} from "../../../tests/support/fanout-factories.ts";
import { untilListening, WAIT } from "../../../tests/support/wait.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { type RunningServer, startServer } from "../../server.ts";
import { deliver } from "../deliver.ts";
import { fanoutTasks } from "../tasks/index.ts";

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" });
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

describe("delivery log, redelivery and progress", () => {
  let workers: Workers;
  let server: RunningServer;
  beforeAll(async () => {
    workers = await startWorkers(ctx.deps, { tasks: fanoutTasks, pollInterval: 50 });
    server = await startServer(ctx.deps, { port: 0, host: "127.0.0.1" });
    // A /staff socket is ready before the server LISTENs for delivery progress (its event hub
    // listens for events, then progress, on one connection): wait for that LISTEN.
    await untilListening(ctx.sql, "chorus_progress");
  });
  afterAll(async () => {
    await workers.stop();
    await server.close();
  });

  it("shows media their own deliveries with every attempt, redelivers one, and pushes progress to staff", async () => {
    const mine = await createOrganisation(ctx.sql, { kind: "media" });
    const theirs = await createOrganisation(ctx.sql, { kind: "media" });
    const receiver = await webhookReceiver("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", [
      { status: 503 },
    ]);
    const sub = await createSubscriptionRow(ctx.sql, {
      organisationId: mine.id,
      target: receiver.url,
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      filters: { categories: ["mental-health"] },
    });
    const other = await webhookReceiver("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    await createSubscriptionRow(ctx.sql, {
      organisationId: theirs.id,
      target: other.url,
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      filters: { categories: ["mental-health"] },
    });
    const coordinator = await signedInUser(ctx.sql, ["coordinator"]);
    const staff = connectClient(`${server.url}/staff`, {
      auth: { token: coordinator.token },
      transports: ["websocket"],
      reconnection: false,
    });
    const updates: {
      eventId: string;
      complete: boolean;
      channels: { webhook: { delivered: number } };
    }[] = [];
    staff.on("delivery.progress", (p) => updates.push(p));
    await new Promise((resolve) => staff.once("ready", resolve));

    const event = await publish(
      ctx.sql,
      await createRebuttal(ctx.sql, { category: "mental-health" }),
    );
    await expect
      .poll(() => updates.filter((u) => u.eventId === event.id).at(-1), WAIT)
      .toMatchObject({ complete: true, channels: { webhook: { delivered: 2 } } });
    staff.close();

    const token = await createApiToken(ctx.sql, mine.id, [
      "deliveries:read",
      "subscriptions:manage",
    ]);
    const log = await (
      await app.request(`/api/v1/deliveries?eventId=${event.id}`, { headers: token.auth })
    ).json();
    expect(log.items).toHaveLength(1);
    const [d] = log.items;
    expect(d).toMatchObject({ subscriptionId: sub.id, status: "delivered", attemptCount: 2 });
    expect(d.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 204]);

    const all = await (
      await app.request(`/api/v1/deliveries?eventId=${event.id}`, { headers: coordinator.auth })
    ).json();
    expect(all.total).toBe(2);
    const progress = await (
      await app.request(`/api/v1/events/${event.id}/delivery-progress`, {
        headers: coordinator.auth,
      })
    ).json();
    expect(progress.channels.webhook).toEqual({ total: 2, delivered: 2, pending: 0, failed: 0 });

    const res = await app.request(`/api/v1/deliveries/${d.id}/redeliver`, {
      method: "POST",
      headers: token.auth,
    });
    expect(res.status).toBe(202);
    await expect
      .poll(() => receiver.received.filter((r) => r.id === event.id).length, WAIT)
      .toBe(2);
    const foreign = all.items.find((x: { subscriptionId: string }) => x.subscriptionId !== sub.id);
    const hidden = await app.request(`/api/v1/deliveries/${foreign.id}/redeliver`, {
      method: "POST",
      headers: token.auth,
    });
    expect(hidden.status).toBe(404);
    await receiver.close();
    await other.close();
  });

  it("redelivers to a resumed subscription everything it missed while paused", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const receiver = await webhookReceiver("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    const sub = await createSubscriptionRow(ctx.sql, {
      organisationId: org.id,
      target: receiver.url,
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      filters: { categories: ["science-tech"] },
    });
    const { auth } = await signedInUser(ctx.sql, ["media"], { organisationId: org.id });
    const since = new Date();
    await app.request(`/api/v1/subscriptions/${sub.id}`, {
      method: "PATCH",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ status: "paused" }),
    });
    const missed = await publish(
      ctx.sql,
      await createRebuttal(ctx.sql, { category: "science-tech" }),
    );
    await app.request(`/api/v1/subscriptions/${sub.id}`, {
      method: "PATCH",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ status: "active" }),
    });
    const res = await app.request(`/api/v1/subscriptions/${sub.id}/redeliver`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ since: since.toISOString() }),
    });
    expect(res.status).toBe(202);
    expect((await res.json()).deliveries).toBe(1);
    // At least once: when the publication's own fan-out job runs late, after the resume, it and
    // the redelivery may both send the event, under one webhook-id that receivers de-duplicate by.
    await expect
      .poll(() => [...new Set(receiver.received.map((r) => r.id))], WAIT)
      .toEqual([missed.id]);
    await receiver.close();
  });
});

describe("dead-lettering", () => {
  it("pauses a subscription whose delivery exhausted its retries, audits it and emails the organisation", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const media = await createUser(ctx.sql, { organisationId: org.id, roles: ["media"] });
    const receiver = await webhookReceiver("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", [
      { status: 500 },
    ]);
    const sub = await createSubscriptionRow(ctx.sql, {
      organisationId: org.id,
      target: receiver.url,
    });
    const event = await publish(ctx.sql, await createRebuttal(ctx.sql, { category: null }));
    const [d] = await ctx.sql`
      insert into deliveries (event_id, subscription_id, channel, status, attempts)
      values (${event.id}, ${sub.id}, 'webhook', 'retrying', 16) returning id`;
    // Its 16 earlier attempts began about a day ago: the retry budget is time (ADR 0050).
    await ctx.sql`
      insert into delivery_attempts (delivery_id, attempted_at, duration_ms, status_code)
      select ${d!.id}, now() - make_interval(hours => 26) + make_interval(mins => n), 1, 500
      from generate_series(1, 16) n`;
    await deliver(ctx.deps, d!.id as string);
    const [row] =
      await ctx.sql`select status, status_reason from subscriptions where id = ${sub.id}`;
    expect(row).toMatchObject({ status: "paused", statusReason: expect.stringContaining("17") });
    const [delivery] = await ctx.sql`select status from deliveries where id = ${d!.id}`;
    expect(delivery!.status).toBe("dead");
    const audit =
      await ctx.sql`select action from audit_log where object_id in (${sub.id}, ${d!.id})`;
    expect(audit.map((a) => a.action).sort()).toEqual([
      "delivery.dead_lettered",
      "subscription.paused",
    ]);
    const outbox = fs
      .readdirSync(ctx.deps.config.outboxDir)
      .map((f) => fs.readFileSync(`${ctx.deps.config.outboxDir}/${f}`, "utf8"));
    expect(outbox.some((m) => m.includes(media.email))).toBe(true);
    await receiver.close();
  });
});

describe("CAP 1.2 feed", () => {
  it("carries alert-grade messages as Alert, Update and Cancel with references, drills as Exercise", async () => {
    const guidance = await createRebuttal(ctx.sql, {
      kind: "guidance",
      urgency: 3,
      regions: ["460105"],
      category: "weather",
    });
    const alert = await publish(ctx.sql, guidance);
    const update = await publish(ctx.sql, guidance, "rebuttal.updated");
    const cancel = await publish(ctx.sql, guidance, "rebuttal.retracted", {
      reason: "台风路径已改变",
    });
    const drill = await publish(
      ctx.sql,
      await createRebuttal(ctx.sql, { urgency: 1, drill: true }),
    );
    const minor = await publish(ctx.sql, await createRebuttal(ctx.sql, { urgency: 4 }));
    const res = await app.request("/api/v1/feeds/cap");
    expect(res.headers.get("content-type")).toContain("application/atom+xml");
    const body = await res.text();
    const alertOf = (id: string) =>
      body.split("<entry>").find((e) => e.includes(`urn:chorus:event:${id}</id>`)) ?? "";
    expect(alertOf(alert.id)).toContain("<msgType>Alert</msgType>");
    expect(alertOf(alert.id)).toContain("<status>Actual</status>");
    expect(alertOf(alert.id)).toContain("<category>Met</category>");
    expect(alertOf(alert.id)).toContain("<areaDesc>秀英区</areaDesc>");
    expect(alertOf(alert.id)).toContain(
      "<geocode><valueName>GB/T 2260</valueName><value>460105</value></geocode>",
    );
    expect(alertOf(alert.id)).toMatch(/<sent>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00<\/sent>/);
    expect(alertOf(update.id)).toContain("<msgType>Update</msgType>");
    expect(alertOf(update.id)).toContain(`urn:chorus:event:${alert.id}`);
    expect(alertOf(cancel.id)).toContain("<msgType>Cancel</msgType>");
    expect(alertOf(cancel.id)).toContain("台风路径已改变");
    expect(alertOf(drill.id)).toContain("<status>Exercise</status>");
    expect(alertOf(drill.id)).toContain("<severity>Extreme</severity>");
    expect(alertOf(minor.id)).toBe("");
  });
});

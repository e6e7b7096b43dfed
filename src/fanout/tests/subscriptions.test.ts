import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  createApiToken,
  createOrganisation,
  signedInUser,
} from "../../../tests/support/factories.ts";
import {
  createRebuttal,
  publish,
  webhookReceiver,
} from "../../../tests/support/fanout-factories.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { isForbiddenAddress } from "../net/address-policy.ts";
import { fanoutTasks } from "../tasks/index.ts";

let ctx: TestContext;
let strict: TestContext;
let app: App;
let strictApp: App;
let workers: Workers;

beforeAll(async () => {
  ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" });
  strict = await createTestContext();
  app = createApp(ctx.deps);
  strictApp = createApp(strict.deps);
  workers = await startWorkers(ctx.deps, { tasks: fanoutTasks, pollInterval: 50 });
});
afterAll(async () => {
  await workers.stop();
  await ctx.close();
  await strict.close();
});

const call = (a: App, path: string, auth: Record<string, string>, method = "GET", body?: unknown) =>
  a.request(path, {
    method,
    headers: { ...auth, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

describe("subscriptions API", () => {
  it("returns a whsec_ secret once, and deliveries verify with it", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const token = await createApiToken(ctx.sql, org.id, ["subscriptions:manage"]);
    const res = await call(app, "/api/v1/subscriptions", token.auth, "POST", {
      channel: "webhook",
      target: "http://127.0.0.1:9/placeholder",
      filters: { categories: ["food-safety"] },
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.secret).toMatch(/^whsec_/);
    const keys = await (await app.request("/.well-known/chorus-keys.json")).json();
    const active = keys.keys.find((k: { retiredAt: string | null }) => k.retiredAt === null);
    expect(created.publicKey).toBe(active.webhookPublicKey);
    expect(created.publicKey).toMatch(/^whpk_/);
    const receiver = await webhookReceiver(created.secret);
    const patched = await call(app, `/api/v1/subscriptions/${created.id}`, token.auth, "PATCH", {
      target: receiver.url,
    });
    expect(patched.status).toBe(200);
    const list = await (await call(app, "/api/v1/subscriptions", token.auth)).json();
    expect(list.items.map((s: { id: string }) => s.id)).toEqual([created.id]);
    expect(JSON.stringify(list)).not.toContain(created.secret);

    const event = await publish(
      ctx.sql,
      await createRebuttal(ctx.sql, { category: "food-safety" }),
    );
    await expect.poll(() => receiver.received.map((r) => r.id), WAIT).toEqual([event.id]);
    expect(receiver.received[0]!.verified).toBe(true);
    await receiver.close();
  });

  it("signs with both secrets during a rotation, so the old and the new one verify", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const { auth } = await signedInUser(ctx.sql, ["media"], { organisationId: org.id });
    const created = await (
      await call(app, "/api/v1/subscriptions", auth, "POST", {
        channel: "webhook",
        target: "http://127.0.0.1:9/x",
        filters: { categories: ["earthquake"] },
      })
    ).json();
    const rotated = await (
      await call(app, `/api/v1/subscriptions/${created.id}/rotate-secret`, auth, "POST", {
        keepPreviousForSeconds: 3600,
      })
    ).json();
    expect(rotated.secret).not.toBe(created.secret);
    const receiver = await webhookReceiver(rotated.secret);
    await call(app, `/api/v1/subscriptions/${created.id}`, auth, "PATCH", { target: receiver.url });
    await publish(ctx.sql, await createRebuttal(ctx.sql, { category: "earthquake" }));
    await expect.poll(() => receiver.requests.length, WAIT).toBe(1);
    const req = receiver.requests[0]!;
    for (const secret of [created.secret, rotated.secret]) {
      expect(() =>
        new Webhook(secret).verify(req.body, req.headers as Record<string, string>),
      ).not.toThrow();
    }
    await receiver.close();
  });

  it("hides another organisation's subscription (404) and refuses a token without the scope", async () => {
    const mine = await createOrganisation(ctx.sql, { kind: "media" });
    const theirs = await createOrganisation(ctx.sql, { kind: "media" });
    const me = await createApiToken(ctx.sql, mine.id, ["subscriptions:manage"]);
    const them = await createApiToken(ctx.sql, theirs.id, ["subscriptions:manage"]);
    const reader = await createApiToken(ctx.sql, mine.id, ["feed:read"]);
    const created = await (
      await call(app, "/api/v1/subscriptions", them.auth, "POST", {
        channel: "email",
        target: "desk@example.cn",
      })
    ).json();
    for (const [method, path, body] of [
      ["PATCH", `/api/v1/subscriptions/${created.id}`, { status: "paused" }],
      ["DELETE", `/api/v1/subscriptions/${created.id}`, undefined],
      ["POST", `/api/v1/subscriptions/${created.id}/rotate-secret`, {}],
    ] as const) {
      expect((await call(app, path, me.auth, method, body)).status).toBe(404);
    }
    expect((await call(app, "/api/v1/subscriptions", reader.auth)).status).toBe(403);
  });

  it("answers bad input with field errors", async () => {
    const { auth } = await signedInUser(ctx.sql, ["media"]);
    const res = await call(app, "/api/v1/subscriptions", auth, "POST", {
      channel: "webhook",
      target: "ftp://example.cn/x",
      filters: { regions: ["999999"] },
    });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.code).toBe("validation_failed");
    const unknownRegion = await call(app, "/api/v1/subscriptions", auth, "POST", {
      channel: "email",
      target: "desk@example.cn",
      filters: { regions: ["469999"] },
    });
    expect((await unknownRegion.json()).errors).toEqual([
      { path: "filters.regions", message: expect.stringContaining("469999") },
    ]);
  });
});

describe("SSRF protection", () => {
  it("refuses webhook targets on private, loopback, link-local and mapped addresses", async () => {
    const { auth } = await signedInUser(strict.sql, ["media"]);
    for (const target of [
      "http://127.0.0.1/x",
      "http://localhost:8080/x",
      "http://10.1.2.3/x",
      "http://192.168.1.1/x",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/x",
      "http://[::ffff:127.0.0.1]/x",
      "http://[fd00::1]/x",
      "http://[fe80::1]/x",
      "http://0.0.0.0/x",
    ]) {
      const res = await call(strictApp, "/api/v1/subscriptions", auth, "POST", {
        channel: "webhook",
        target,
      });
      expect({ target, status: res.status }).toEqual({ target, status: 400 });
    }
  });

  it("classifies addresses in every form", () => {
    for (const a of [
      "127.0.0.1",
      "::1",
      "::ffff:10.0.0.1",
      "::ffff:a9fe:a9fe",
      "64:ff9b::7f00:1",
      "2002:c0a8:101::",
      "224.0.0.1",
      "ff02::1",
      "100.64.0.1",
      "fc00::",
    ]) {
      expect({ a, forbidden: isForbiddenAddress(a) }).toEqual({ a, forbidden: true });
    }
    for (const a of ["8.8.8.8", "114.114.114.114", "2400:3200::1", "::ffff:8.8.8.8"]) {
      expect({ a, forbidden: isForbiddenAddress(a) }).toEqual({ a, forbidden: false });
    }
  });

  it("refuses at send time a target that became private after it was accepted", async () => {
    const org = await createOrganisation(strict.sql, { kind: "media" });
    for (const target of ["http://127.0.0.1:9/rebound", "http://localhost:9/rebound"]) {
      await strict.sql`
        insert into subscriptions (organisation_id, channel, target, secret)
        values (${org.id}, 'webhook', ${target}, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')`;
    }
    const strictWorkers = await startWorkers(strict.deps, { tasks: fanoutTasks, pollInterval: 50 });
    try {
      await publish(strict.sql, await createRebuttal(strict.sql));
      await expect
        .poll(async () => (await strict.sql`select status, last_error from deliveries`)[0], WAIT)
        .toMatchObject({ status: "failed", lastError: expect.stringContaining("127.0.0.1") });
    } finally {
      await strictWorkers.stop();
    }
  });
});

import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSearchDb } from "../../src/db/client.ts";
import { createApp } from "../../src/http/app.ts";
import type { App } from "../../src/http/env.ts";
import { createSearch } from "../../src/library/search.ts";
import { beat, endBeat } from "../../workers/heartbeat.ts";
import { createTestContext, type TestContext } from "../support/context.ts";

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

describe("operations endpoints", () => {
  it("serves a valid OpenAPI 3.1 document where every operation has an id", async () => {
    const res = await app.request("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    for (const item of Object.values(doc.paths) as Record<string, { operationId?: string }>[]) {
      for (const op of Object.values(item)) expect(op.operationId).toBeTruthy();
    }
  });

  it("serves a readable API reference page", async () => {
    const res = await app.request("/api/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("readiness");
    expect(html).toContain("/api/openapi.json");
  });

  it("says it is up on /healthz", async () => {
    const res = await app.request("/healthz");
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("reports ready when Postgres, Meilisearch and the queue are reachable and a worker beats", async () => {
    await beat(ctx.sql, "a-worker-process", ["worker-1"]);
    const res = await app.request("/readyz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ready",
      components: { postgres: "up", meilisearch: "up", queue: "up" },
    });
  });

  it("stays up but reports degraded when Meilisearch is unreachable", async () => {
    const deadSearch = createSearch({
      sql: ctx.sql,
      log: ctx.deps.log,
      url: "http://127.0.0.1:9",
      prefix: "x_",
    });
    const degraded = createApp({ ...ctx.deps, search: deadSearch });
    const res = await degraded.request("/readyz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "degraded",
      components: { meilisearch: "down", postgres: "up" },
    });
  });

  it("reports unavailable when the search door's own connections cannot reach Postgres", async () => {
    // A database that does not exist: the app's pool still connects, the door's cannot.
    const url = new URL(ctx.databaseUrl);
    url.pathname = "/no_such_database";
    const doorSql = createSearchDb(url.toString(), 1);
    const cutOff = createSearch({ sql: doorSql, log: ctx.deps.log, prefix: "x_" });
    try {
      await beat(ctx.sql, "a-worker-process", ["worker-1"]);
      const res = await createApp({ ...ctx.deps, search: cutOff }).request("/readyz");
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: "unavailable",
        components: { postgres: "down" },
      });
    } finally {
      await doorSql.end({ timeout: 1 });
      await endBeat(ctx.sql, "a-worker-process");
    }
  });

  it("reports the queue down when workers run elsewhere and none has been seen for a minute", async () => {
    await ctx.sql`update chorus_worker_heartbeats set seen_at = now() - interval '61 seconds'`;
    const res = await app.request("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: "unavailable",
      components: { postgres: "up", queue: "down" },
    });
    await endBeat(ctx.sql, "a-worker-process");
  });

  it("reports unavailable when the in-process workers have stopped", async () => {
    const stopped = createApp({ ...ctx.deps, workers: { running: () => false } });
    const res = await stopped.request("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: "unavailable",
      components: { queue: "down" },
    });
  });

  it("exposes Prometheus metrics that count requests by route", async () => {
    await app.request("/healthz");
    const res = await app.request("/metrics");
    const text = await res.text();
    expect(text).toMatch(
      /chorus_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
  });

  it("gives every response a request id, and keeps the caller's", async () => {
    const res = await app.request("/healthz", { headers: { "x-request-id": "abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../infra/embedded/process.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { createDb } from "../../db/client.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { closeRateLimits, rateLimit } from "../../http/rate-limit.ts";

let ctx: TestContext;
let app: App;

function limitedApp(deps: TestContext["deps"], windowMs: number): App {
  const made = createApp(deps);
  made.get(
    "/test/limited",
    rateLimit({ name: "test", limit: 2, windowMs, key: (c) => c.req.header("x-who") ?? "" }),
    (c) => c.json({ ok: true }),
  );
  made.get(
    "/test/short",
    rateLimit({ name: "short", limit: 1, windowMs: 1000, key: (c) => c.req.header("x-who") ?? "" }),
    (c) => c.json({ ok: true }),
  );
  return made;
}

beforeAll(async () => {
  ctx = await createTestContext();
  app = limitedApp(ctx.deps, 10_000);
});
afterAll(async () => {
  await closeRateLimits(ctx.deps);
  await ctx.close();
});

const call = (on: App, who: string, path = "/test/limited") =>
  on.request(path, { headers: { "x-who": who } });

describe("rate limits", () => {
  it("answer 429 problem+json with Retry-After past the limit, per key", async () => {
    expect((await call(app, "a")).status).toBe(200);
    expect((await call(app, "a")).status).toBe(200);
    const refused = await call(app, "a");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(10);
    expect((await refused.json()).code).toBe("rate_limited");
    expect((await call(app, "b")).status).toBe(200);
  });

  it("allow requests again once the window has passed", async () => {
    expect((await call(app, "c", "/test/short")).status).toBe(200);
    expect((await call(app, "c", "/test/short")).status).toBe(429);
    await expect.poll(async () => (await call(app, "c", "/test/short")).status, WAIT).toBe(200);
  });

  it("share one count between apps on the same database (API nodes)", async () => {
    const other = limitedApp({ ...ctx.deps }, 10_000);
    expect((await call(app, "d")).status).toBe(200);
    expect((await call(other, "d")).status).toBe(200);
    expect((await call(app, "d")).status).toBe(429);
    expect((await call(other, "d")).status).toBe(429);
    const [row] = await ctx.sql`select points from chorus_rate_limits where key = 'test:d'`;
    expect(row?.points).toBeGreaterThanOrEqual(3);
  });

  it("keep their counts in an unlogged table, its indexes included (ADR 0328)", async () => {
    const relations = await ctx.sql<{ relpersistence: string }[]>`
      select c.relpersistence from pg_class c
      where c.oid = 'chorus_rate_limits'::regclass
         or c.oid in (select indexrelid from pg_index where indrelid = 'chorus_rate_limits'::regclass)`;
    expect(relations.length).toBeGreaterThanOrEqual(2);
    expect(relations.map((r) => r.relpersistence)).toEqual(relations.map(() => "u"));
  });

  it("count in the node's memory while Postgres cannot answer, and still refuse past the limit", async () => {
    const unreachable = createDb(`postgres://chorus@127.0.0.1:${await freePort()}/none`, {
      max: 1,
      connectTimeoutS: 1,
    });
    const deps = { ...ctx.deps, sql: unreachable };
    const alone = limitedApp(deps, 10_000);
    try {
      expect((await call(alone, "e")).status).toBe(200);
      expect((await call(alone, "e")).status).toBe(200);
      expect((await call(alone, "e")).status).toBe(429);
    } finally {
      await closeRateLimits(deps);
      await unreachable.end({ timeout: 1 });
    }
  });
});

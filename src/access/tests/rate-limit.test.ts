import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { RateLimiter, rateLimit } from "../../http/rate-limit.ts";

let ctx: TestContext;
let app: App;
let clock = Date.parse("2026-01-01T00:00:00Z");

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp({ ...ctx.deps, now: () => new Date(clock) });
  app.get(
    "/test/limited",
    rateLimit({
      name: "test",
      limit: 2,
      windowMs: 10_000,
      key: (c) => c.req.header("x-who") ?? "",
    }),
    (c) => c.json({ ok: true }),
  );
});
afterAll(() => ctx.close());

const call = (who: string) => app.request("/test/limited", { headers: { "x-who": who } });

describe("rate limits", () => {
  it("answer 429 problem+json with Retry-After past the limit, per key", async () => {
    expect((await call("a")).status).toBe(200);
    expect((await call("a")).status).toBe(200);
    const refused = await call("a");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.headers.get("retry-after")).toBe("10");
    expect((await refused.json()).code).toBe("rate_limited");
    expect((await call("b")).status).toBe(200);
  });

  it("allow requests again once the window has passed", async () => {
    for (let i = 0; i < 3; i++) await call("c");
    expect((await call("c")).status).toBe(429);
    clock += 10_001;
    expect((await call("c")).status).toBe(200);
  });

  it("keep separate counts for separate apps (each node counts its own)", async () => {
    for (let i = 0; i < 3; i++) await call("d");
    const other = createApp({ ...ctx.deps });
    other.get(
      "/test/limited",
      rateLimit({ name: "test", limit: 2, windowMs: 10_000, key: () => "d" }),
      (c) => c.json({ ok: true }),
    );
    expect((await other.request("/test/limited")).status).toBe(200);
  });

  it("remember at most maxKeys keys, evicting the oldest", () => {
    const limiter = new RateLimiter(1, 60_000, 100);
    for (let i = 0; i < 1000; i++) limiter.hit(`k${i}`, 0);
    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.hit("k999", 1).allowed).toBe(false);
    expect(limiter.hit("k0", 1).allowed).toBe(true);
  });
});

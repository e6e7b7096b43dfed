import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import type { App } from "../../src/http/env.ts";
import { closeRateLimits } from "../../src/http/rate-limit.ts";
import { createTestContext, type TestContext } from "../support/context.ts";

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
});
afterAll(async () => {
  await closeRateLimits(ctx.deps);
  await ctx.close();
});

describe("public pages and feeds behind a CDN", () => {
  for (const path of [
    "/feeds/atom.xml",
    "/feeds/rss.xml",
    "/feeds/feed.json",
    "/sitemap.xml",
    "/",
  ]) {
    it(`${path} carries Cache-Control and an ETag, and answers 304 to a matching If-None-Match`, async () => {
      const first = await app.request(path);
      expect(first.status).toBe(200);
      expect(first.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
      const tag = first.headers.get("etag");
      expect(tag).toMatch(/^"[^"]+"$/);
      const again = await app.request(path, { headers: { "if-none-match": tag ?? "" } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
    });
  }
});

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { loadStarterLibrary, readStarterLibrary } from "../../library/starter.ts";

let ctx: TestContext;
let app: App;
let slugs: string[];

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
  await loadStarterLibrary(ctx.deps);
  const rows = await ctx.sql<{ slug: string }[]>`select slug from rebuttals order by slug`;
  slugs = rows.map((r) => r.slug);
}, 120_000);
afterAll(() => ctx.close());

describe("share cards", () => {
  it("render for every starter rebuttal as a 1080-wide PNG", async () => {
    expect(slugs.length).toBe(readStarterLibrary().length);
    for (const slug of slugs) {
      const res = await app.request(`/r/${slug}/card.png`);
      expect(res.status, slug).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect(meta.format).toBe("png");
      expect(meta.width).toBe(1080);
    }
    const [row] = await ctx.sql`select count(*)::int as count from share_cards`;
    expect(row!.count).toBe(slugs.length);
  }, 300_000);

  it("are served from the cache while the rebuttal is unchanged, and redrawn on a new version", async () => {
    const slug = slugs[0]!;
    const first = await app.request(`/r/${slug}/card.png`);
    const again = await app.request(`/r/${slug}/card.png`);
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(Buffer.from(await again.arrayBuffer())).toEqual(Buffer.from(await first.arrayBuffer()));
    await ctx.sql`update rebuttals set version = version + 1 where slug = ${slug}`;
    const next = await app.request(`/r/${slug}/card.png`);
    expect(next.headers.get("etag")).not.toBe(first.headers.get("etag"));
    const keys = await ctx.sql`select card_key from share_cards
      where rebuttal_id = (select id from rebuttals where slug = ${slug})`;
    expect(keys.map((k) => k.cardKey)).toEqual([next.headers.get("etag")!.replaceAll('"', "")]);
  }, 60_000);

  it("are named as og:image and offered as 分享卡片 on the rebuttal page", async () => {
    const html = await (await app.request(`/r/${slugs[0]}`)).text();
    // JSX writes void elements as `<meta …/>`.
    expect(html).toMatch(
      new RegExp(
        `<meta property="og:image" content="http://chorus.test/r/${slugs[0]}/card.png"/?>`,
      ),
    );
    expect(html).toMatch(new RegExp(`<a href="/r/${slugs[0]}/card.png"[^>]*>分享卡片</a>`));
  });

  it("are 404 problem+json for an unknown rebuttal", async () => {
    const res = await app.request("/r/no-such-rebuttal/card.png");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";
import { deriveRebuttalSearch } from "../derive.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  const r = await createRebuttal(ctx.sql, {
    slug: "typhoon-windows",
    claim: "台风天开窗能平衡气压？</script><script>alert(1)</script>",
    title: "台风天应关紧门窗",
    category: "weather",
    sources: [{ title: "中国气象局", url: "https://www.cma.gov.cn/" }],
  });
  await deriveRebuttalSearch(ctx.sql, r.id);
  await createRebuttal(ctx.sql, { slug: "drill-page", claim: "演练用说法", drill: true });
});
afterAll(() => ctx.close());

const page = async (path: string) => {
  const res = await createApp(ctx.deps).request(path);
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    text: await res.text(),
  };
};

describe("public pages", () => {
  it("renders the rebuttal page with its verdict, sources and a valid ClaimReview that script text cannot break", async () => {
    const { status, text } = await page("/r/typhoon-windows");
    expect(status).toBe(200);
    expect(text).toContain("谣言");
    expect(text).toContain("https://www.cma.gov.cn/");
    expect(text).not.toContain("<script>alert(1)</script>");
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(text)![1]!;
    const review = JSON.parse(ld);
    expect(review).toMatchObject({
      "@type": "ClaimReview",
      url: "http://chorus.test/r/typhoon-windows",
    });
    expect(review.reviewRating.alternateName).toBe("谣言");
    expect(review.claimReviewed).toContain("</script>");
  });

  it("searches from the home page and hides drills from pages, feeds and the sitemap", async () => {
    expect((await page(`/?q=${encodeURIComponent("台风 开窗")}`)).text).toContain(
      "/r/typhoon-windows",
    );
    expect((await page("/r/drill-page")).status).toBe(404);
    const atom = await page("/feeds/atom.xml");
    expect(atom.type).toContain("application/atom+xml");
    expect(atom.text).toContain("台风天应关紧门窗");
    expect(atom.text).not.toContain("演练");
    const json = JSON.parse((await page("/feeds/feed.json")).text);
    expect(json.items.map((i: { url: string }) => i.url)).toContain(
      "http://chorus.test/r/typhoon-windows",
    );
    expect(JSON.stringify(json)).not.toContain("drill-page");
    expect((await page("/feeds/rss.xml")).text).toContain('<rss version="2.0">');
    const sitemap = (await page("/sitemap.xml")).text;
    expect(sitemap).toContain("/r/typhoon-windows");
    expect(sitemap).not.toContain("drill-page");
  });

  it("shows a retraction in the feeds as a changed entry", async () => {
    const r = await createRebuttal(ctx.sql, { slug: "retracted-one", claim: "暴雨天不能洗澡？" });
    await ctx.sql`update rebuttals set status = 'retracted', retracted_at = now() + interval '1 minute'
      where id = ${r.id}`;
    const json = JSON.parse((await page("/feeds/feed.json")).text);
    expect(json.items[0]).toMatchObject({ id: r.id });
    expect(json.items[0].title).toContain("【已撤回】");
  });

  it("lists a category page and answers 404 for a malformed category", async () => {
    const weather = (await page("/c/weather")).text;
    expect(weather).toContain("/r/typhoon-windows");
    expect(weather).toContain("气象 · 辟谣");
    expect((await page("/region/460000")).text).toContain("海南省 · 辟谣");
    expect((await page("/c/no-such-category")).status).toBe(404);
    expect((await page("/c/Weather%22%20OR")).status).toBe(404);
  });
});

import type { Context } from "hono";
import { rebuttalSeal } from "../../authenticity/seal.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { AppError } from "../../http/errors.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { listName, listSitemapEntries } from "../../library/db/library-public.ts";
import { getRebuttal } from "../../library/get-rebuttal.ts";
import { searchRebuttals } from "../../library/search-rebuttals.ts";
import { publicCache } from "./cache.ts";
import { atomFeed, jsonFeed, rssFeed } from "./feeds.ts";
import { rebuttalPage } from "./rebuttal-page.ts";
import { searchPage } from "./search-page.ts";
import { sealHtml } from "./verify-page.ts";

// Same budget as the search API: the page runs the same search.
const pageLimit = rateLimit({
  name: "searchPage",
  limit: 600,
  windowMs: 60_000,
  key: (c) => requestMeta(c).ip,
});
const html = { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=10" };

/** Server-rendered public pages of the library, its feeds and sitemap (not OpenAPI operations). */
export function registerPublicPages(app: App): void {
  for (const path of ["/", "/c/*", "/region/*", "/r/*", "/feeds/*", "/sitemap.xml"]) {
    app.use(path, publicCache(30));
  }
  app.get("/", pageLimit, async (c) => {
    const q = (c.req.query("q") ?? "").slice(0, 5000);
    const deps = c.get("deps");
    const answer = await searchRebuttals(deps, { q, limit: 20, offset: 0 });
    return c.body(searchPage(q, answer, deps.config.publicUrl), 200, html);
  });
  app.get("/c/:category", async (c) => listPage(c, { category: c.req.param("category") }));
  app.get("/region/:code", async (c) => listPage(c, { region: c.req.param("code") }));
  app.get("/r/:slug", async (c) => {
    const deps = c.get("deps");
    const rebuttal = await getRebuttal(deps, c.req.param("slug"));
    const seal = await rebuttalSeal(deps, rebuttal.id);
    return c.body(rebuttalPage(rebuttal, deps.config.publicUrl, sealHtml(seal)), 200, html);
  });
  app.get("/feeds/atom.xml", async (c) =>
    c.body(await atomFeed(c.get("deps")), 200, {
      "content-type": "application/atom+xml; charset=utf-8",
    }),
  );
  app.get("/feeds/rss.xml", async (c) =>
    c.body(await rssFeed(c.get("deps")), 200, {
      "content-type": "application/rss+xml; charset=utf-8",
    }),
  );
  app.get("/feeds/feed.json", async (c) =>
    c.body(JSON.stringify(await jsonFeed(c.get("deps"))), 200, {
      "content-type": "application/feed+json; charset=utf-8",
    }),
  );
  app.get("/sitemap.xml", async (c) => {
    const deps = c.get("deps");
    const urls = (await listSitemapEntries(deps.sql)).map(
      (e) =>
        `<url><loc>${deps.config.publicUrl}/r/${encodeURIComponent(e.slug)}</loc><lastmod>${e.updatedAt.toISOString()}</lastmod></url>`,
    );
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${deps.config.publicUrl}/</loc></url>${urls.join("")}</urlset>`;
    return c.body(body, 200, { "content-type": "application/xml; charset=utf-8" });
  });
}

async function listPage(c: Context<AppEnv>, filter: { category?: string; region?: string }) {
  if (filter.category && !/^[a-z][a-z0-9-]{0,63}$/.test(filter.category))
    throw new AppError("not_found");
  if (filter.region && !/^\d{6}$/.test(filter.region)) throw new AppError("not_found");
  const deps = c.get("deps");
  const answer = await searchRebuttals(deps, { q: "", ...filter, limit: 50, offset: 0 });
  const name = await listName(deps.sql, filter);
  if (!name) throw new AppError("not_found", "没有这个分类或地区");
  return c.body(searchPage("", answer, deps.config.publicUrl, `${name} · 辟谣`), 200, html);
}

import type { Context } from "hono";
import { rebuttalSeal } from "../../authenticity/seal.ts";
import { listCategories } from "../../content/reference-lists.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { getRebuttal } from "../../library/get-rebuttal.ts";
import { getListName, listSitemapEntries } from "../../library/public-lists.ts";
import { searchRebuttals } from "../../library/search-rebuttals.ts";
import { activeTopics } from "../../topics/public-topics.ts";
import { pageHeaders, publicCache } from "./cache.ts";
import { atomFeed, jsonFeed, rssFeed } from "./feeds.ts";
import { voteNotices } from "./helpful-widget.tsx";
import { RebuttalPage } from "./rebuttal-page.tsx";
import { PAGE_SIZE, SearchPage } from "./search-page.tsx";

// Same budget as the search API: the page runs the same search.
const pageLimit = rateLimit({
  name: "searchPage",
  limit: 600,
  windowMs: 60_000,
  key: (c) => requestMeta(c).ip,
});

/** Server-rendered public pages of the library, its feeds and sitemap (not OpenAPI operations). */
export function registerPublicPages(app: App): void {
  for (const path of ["/", "/c/*", "/region/*", "/r/*", "/feeds/*", "/sitemap.xml"]) {
    app.use(path, publicCache(30));
  }
  app.get("/", pageLimit, async (c) => {
    const q = (c.req.query("q") ?? "").slice(0, 5000);
    const deps = c.get("deps");
    const page = pageNumber(c.req.query("page"));
    const [answer, topics] = await Promise.all([
      searchRebuttals(deps, { q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      activeTopics(deps),
    ]);
    const view = {
      page,
      href: (n: number) =>
        `/?${new URLSearchParams(q ? { q, page: String(n) } : { page: String(n) })}`,
      categories: await listCategories({ deps }),
    };
    return c.html(
      <SearchPage q={q} answer={answer} view={view} topics={topics} />,
      200,
      pageHeaders(c),
    );
  });
  app.get("/c/:category", async (c) => listPage(c, { category: c.req.param("category") }));
  app.get("/region/:code", async (c) => listPage(c, { region: c.req.param("code") }));
  app.get("/r/:slug", async (c) => {
    const deps = c.get("deps");
    const rebuttal = await getRebuttal(deps, c.req.param("slug"));
    const seal = await rebuttalSeal(deps, rebuttal.id);
    const voted = c.req.query("voted") ?? "";
    const notice = Object.hasOwn(voteNotices, voted) ? voteNotices[voted] : undefined;
    return c.html(
      <RebuttalPage
        r={rebuttal}
        publicUrl={deps.config.publicUrl}
        seal={seal}
        notice={notice}
        c={c}
      />,
      200,
      pageHeaders(c),
    );
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
    const urls = (await listSitemapEntries({ deps })).map(
      (e) =>
        `<url><loc>${deps.config.publicUrl}/r/${encodeURIComponent(e.slug)}</loc><lastmod>${e.updatedAt.toISOString()}</lastmod></url>`,
    );
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${deps.config.publicUrl}/</loc></url>${urls.join("")}</urlset>`;
    return c.body(body, 200, { "content-type": "application/xml; charset=utf-8" });
  });
}

async function listPage(c: Context<AppEnv>, filter: { category?: string; region?: string }) {
  const deps = c.get("deps");
  const page = pageNumber(c.req.query("page"));
  const name = await getListName({ deps }, filter);
  const answer = await searchRebuttals(deps, {
    q: "",
    ...filter,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const view = {
    page,
    href: (n: number) => `${c.req.path}?page=${n}`,
    categories: await listCategories({ deps }),
  };
  return c.html(
    <SearchPage q="" answer={answer} view={view} listTitle={`${name} · 辟谣`} />,
    200,
    pageHeaders(c),
  );
}

/** The `page` query parameter, 1-based; anything else is page 1 (search offsets stop at 1000). */
function pageNumber(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, Math.floor(1000 / PAGE_SIZE) + 1) : 1;
}

import type { Context } from "hono";
import type { App, AppEnv } from "../../http/env.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { publicTopic, publicTopicList } from "../../topics/public-topics.ts";
import { pageHeaders } from "./cache.ts";
import { atomFeed, type FeedChannel, jsonFeed, rssFeed } from "./feeds.ts";
import { TopicListPage, TopicPage } from "./topic-page.tsx";

const pageLimit = rateLimit({
  name: "topicPages",
  limit: 600,
  windowMs: 60_000,
  key: (c) => requestMeta(c).ip,
});

async function channel(c: Context<AppEnv>): Promise<FeedChannel> {
  const p = await publicTopic(c.get("deps"), c.req.param("slug") ?? "");
  const path = `/topics/${encodeURIComponent(p.topic.slug)}`;
  return {
    title: `${p.topic.name} · 应急专题`,
    homePath: path,
    feedPath: `${path}/feed`,
    rows: [...p.pinned, ...p.latest].sort((a, b) => +b.updatedAt - +a.updatedAt),
  };
}

/** Public pages of the emergency topics and their feeds (not OpenAPI operations). */
export function registerTopicPages(app: App): void {
  app.get("/topics", pageLimit, async (c) => {
    const deps = c.get("deps");
    return c.html(<TopicListPage list={await publicTopicList(deps)} />, 200, pageHeaders(c));
  });
  app.get("/topics/:slug", pageLimit, async (c) => {
    const deps = c.get("deps");
    const page = await publicTopic(deps, c.req.param("slug"));
    return c.html(<TopicPage p={page} />, 200, pageHeaders(c));
  });
  app.get("/topics/:slug/feed.atom", pageLimit, async (c) =>
    c.body(await atomFeed(c.get("deps"), await channel(c)), 200, {
      "content-type": "application/atom+xml; charset=utf-8",
    }),
  );
  app.get("/topics/:slug/feed.rss", pageLimit, async (c) =>
    c.body(await rssFeed(c.get("deps"), await channel(c)), 200, {
      "content-type": "application/rss+xml; charset=utf-8",
    }),
  );
  app.get("/topics/:slug/feed.json", pageLimit, async (c) =>
    c.body(JSON.stringify(await jsonFeed(c.get("deps"), await channel(c))), 200, {
      "content-type": "application/feed+json; charset=utf-8",
    }),
  );
}

import { feedSeals, jsonFeedSeal, xmlSeal } from "../../authenticity/feed-seals.ts";
import type { Deps } from "../../deps.ts";
import { escapeHtml as xml } from "../../http/html.ts";
import { listFeedItems } from "../../library/public-lists.ts";
import { headline } from "../../vocabulary/claim-answer.ts";

const FEED_SIZE = 50;
const TITLE = "应急科普辟谣库";

/** One feed item as the library and the topics list them. */
export interface FeedRow {
  id: string;
  slug: string;
  claim: string | null;
  title: string;
  summary: string;
  verdict: string | null;
  bodyHtml: string;
  category: string | null;
  publishedAt: Date;
  updatedAt: Date;
  status: "live" | "retracted";
}

/** What a feed is about: its title and where it and its page live (paths under PUBLIC_URL). */
export interface FeedChannel {
  title: string;
  /** The page the feed mirrors, e.g. `/topics/typhoon-x`. */
  homePath: string;
  /** The feed's own path without extension, e.g. `/feeds/feed` → `/feeds/feed.json`. */
  feedPath: string;
  rows: FeedRow[];
}

async function libraryChannel(deps: Deps): Promise<FeedChannel> {
  return {
    title: TITLE,
    homePath: "/",
    feedPath: "/feeds/feed",
    rows: await listFeedItems({ deps }, { limit: FEED_SIZE }),
  };
}

async function items(deps: Deps, rows: FeedRow[]) {
  const base = deps.config.publicUrl;
  const seals = await feedSeals(
    deps,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    seal: seals.get(r.id),
    url: `${base}/r/${encodeURIComponent(r.slug)}`,
    // The verdict label belongs to the claim inside the headline, never before the answer.
    title: `${r.status === "retracted" ? "【已撤回】" : ""}${headline(r)}`,
  }));
}

/** Atom 1.0 of the library, or of the given channel. */
export async function atomFeed(deps: Deps, channel?: FeedChannel): Promise<string> {
  const ch = channel ?? (await libraryChannel(deps));
  const base = deps.config.publicUrl;
  const list = await items(deps, ch.rows);
  const self = ch.feedPath === "/feeds/feed" ? "/feeds/atom.xml" : `${ch.feedPath}.atom`;
  const updated = (list[0]?.updatedAt ?? new Date(0)).toISOString();
  const entries = list.map(
    (r) => `<entry><id>urn:uuid:${r.id}</id><title>${xml(r.title)}</title>
<link href="${xml(r.url)}"/><published>${r.publishedAt.toISOString()}</published><updated>${r.updatedAt.toISOString()}</updated>
<summary>${xml(r.summary)}</summary><content type="html">${xml(r.bodyHtml)}</content>${xmlSeal(r.seal, true)}</entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN"><id>${xml(base + ch.homePath)}</id><title>${xml(ch.title)}</title>
<link rel="self" href="${xml(base + self)}"/><link href="${xml(base + ch.homePath)}"/><updated>${updated}</updated>
<author><name>应急科普快速响应平台</name></author>${entries.join("\n")}</feed>`;
}

/** RSS 2.0 of the library, or of the given channel. */
export async function rssFeed(deps: Deps, channel?: FeedChannel): Promise<string> {
  const ch = channel ?? (await libraryChannel(deps));
  const base = deps.config.publicUrl;
  const entries = (await items(deps, ch.rows)).map(
    (
      r,
    ) => `<item><guid isPermaLink="false">${r.id}</guid><title>${xml(r.title)}</title><link>${xml(r.url)}</link>
<pubDate>${r.publishedAt.toUTCString()}</pubDate><description>${xml(r.summary)}</description>${xmlSeal(r.seal, false)}</item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${xml(ch.title)}</title><link>${xml(base + ch.homePath)}</link><description>权威辟谣与应急科普</description>
<language>zh-CN</language>${entries.join("\n")}</channel></rss>`;
}

/** JSON Feed 1.1 of the library, or of the given channel. */
export async function jsonFeed(deps: Deps, channel?: FeedChannel) {
  const ch = channel ?? (await libraryChannel(deps));
  const base = deps.config.publicUrl;
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: ch.title,
    language: "zh-CN",
    home_page_url: base + ch.homePath,
    feed_url: `${base}${ch.feedPath}.json`,
    items: (await items(deps, ch.rows)).map((r) => ({
      id: r.id,
      url: r.url,
      title: r.title,
      summary: r.summary,
      content_html: r.bodyHtml,
      date_published: r.publishedAt.toISOString(),
      date_modified: r.updatedAt.toISOString(),
      tags: [r.category, r.verdict].filter(Boolean),
      ...jsonFeedSeal(r.seal),
    })),
  };
}

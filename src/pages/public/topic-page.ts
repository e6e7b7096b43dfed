import { escapeHtml } from "../../http/html.ts";
import type { PublicTopic, TopicRebuttalRow, TopicRow } from "../../topics/public-topics.ts";
import { type RebuttalKind, rebuttalKindLabels } from "../../vocabulary/rebuttal-kinds.ts";
import { topicKindLabels } from "../../vocabulary/topic-kinds.ts";
import { layout, verdictBadge } from "./layout.ts";

const day = (d: Date) => escapeHtml(d.toISOString().slice(0, 10));
const period = (t: TopicRow) => `${day(t.startsAt)} 起${t.endsAt ? `，至 ${day(t.endsAt)}` : ""}`;
const topicHref = (t: TopicRow) => `/topics/${encodeURIComponent(t.slug)}`;

function card(r: TopicRebuttalRow): string {
  const badge =
    r.status === "retracted"
      ? `<span class="v" style="background:#777">已撤回</span>`
      : r.verdict
        ? verdictBadge(r.verdict)
        : `<span class="v" style="background:#2e7d32">${escapeHtml(rebuttalKindLabels[r.kind as RebuttalKind] ?? r.kind)}</span>`;
  return `<article class="hit"><h3>${badge}<a href="/r/${encodeURIComponent(r.slug)}">${escapeHtml(r.title)}</a></h3>
${r.claim ? `<p class="muted">网传说法：${escapeHtml(r.claim)}</p>` : ""}<p>${escapeHtml(r.summary)}</p>
<p class="muted">${day(r.publishedAt)}</p></article>`;
}

/** The banner the public home shows while topics are active (empty when none is). */
export function topicBanner(active: TopicRow[]): string {
  if (active.length === 0) return "";
  const links = active
    .map((t) => `<a href="${topicHref(t)}"><strong>${escapeHtml(t.name)}</strong></a>`)
    .join("、");
  return `<aside class="topic-banner" role="status" style="background:#fff4e5;border:1px solid #f0a030;border-radius:6px;padding:8px 12px;margin:12px 0">
应急专题进行中：${links} —— 权威解答与防护指引汇总</aside>`;
}

/** `/topics/{slug}`: guidance pinned, then every answer newest first, with the topic's feeds. */
export function topicPage(p: PublicTopic, publicUrl: string): string {
  const t = p.topic;
  const feed = topicHref(t);
  const state = p.active ? "进行中" : t.status === "closed" ? "已结束" : "未在进行";
  const pinned = p.pinned.length
    ? `<section class="pinned"><h2>防护指引（置顶）</h2>${p.pinned.map(card).join("\n")}</section>`
    : "";
  const latest = p.latest.length
    ? p.latest.map(card).join("\n")
    : `<p class="muted">专家正在研判，解答发布后会出现在这里。</p>`;
  const body = `<p class="muted"><a href="/topics">应急专题</a> · ${escapeHtml(topicKindLabels[t.kind])} · ${state}</p>
<h1>${escapeHtml(t.name)}</h1><p class="muted">${period(t)} · ${escapeHtml(p.regionNames.join("、"))}</p>
${t.summary ? `<p>${escapeHtml(t.summary)}</p>` : ""}${pinned}<h2>最新解答</h2>${latest}
<p class="muted">订阅本专题：<a href="${feed}/feed.atom">Atom</a> · <a href="${feed}/feed.rss">RSS</a> · <a href="${feed}/feed.json">JSON Feed</a></p>`;
  return layout({
    title: t.name,
    publicUrl,
    head: `<link rel="alternate" type="application/atom+xml" title="${escapeHtml(t.name)}" href="${feed}/feed.atom">`,
    body,
  });
}

/** `/topics`: every public topic, the active ones marked. */
export function topicListPage(list: { topic: TopicRow; active: boolean }[], publicUrl: string) {
  const items = list.length
    ? list
        .map(
          ({ topic: t, active }) =>
            `<article class="hit"><h3><a href="${topicHref(t)}">${escapeHtml(t.name)}</a></h3>
<p class="muted">${escapeHtml(topicKindLabels[t.kind])} · ${period(t)} · ${active ? "进行中" : "已结束"}</p></article>`,
        )
        .join("\n")
    : `<p class="muted">目前没有应急专题。</p>`;
  return layout({ title: "应急专题", publicUrl, body: `<h1>应急专题</h1>${items}` });
}

import type { PublicTopic, TopicRebuttalRow, TopicRow } from "../../topics/public-topics.ts";
import { type RebuttalKind, rebuttalKindLabels } from "../../vocabulary/rebuttal-kinds.ts";
import { topicKindLabels, topicStateLabels } from "../../vocabulary/topic-kinds.ts";
import { formatDay } from "../format.ts";
import { AnswerWord, Claim, PublicLayout } from "./layout.tsx";

export type PublicTopicRow = TopicRow;

const topicHref = (t: TopicRow) => `/topics/${encodeURIComponent(t.slug)}`;
const period = (t: TopicRow) =>
  `${formatDay(t.startsAt)} 起${t.endsAt ? `，至 ${formatDay(t.endsAt)}` : ""}`;

/** A withdrawn answer, or an answer that rebuts no claim (guidance), says what it is. */
function KindBadge(props: { r: TopicRebuttalRow }) {
  const { r } = props;
  if (r.status === "retracted") return <span class="v v-withdrawn">已撤回</span>;
  if (r.claim) return null;
  return <span class="v v-kind">{rebuttalKindLabels[r.kind as RebuttalKind] ?? "解答"}</span>;
}

/** One answer of a topic: the claim with its verdict first, the answer apart under 真相. */
function Card(props: { r: TopicRebuttalRow }) {
  const { r } = props;
  return (
    <article class="hit">
      <Claim claim={r.claim} verdict={r.verdict} />
      <h3>
        <KindBadge r={r} /> <AnswerWord hasClaim={Boolean(r.claim)} />
        <a href={`/r/${encodeURIComponent(r.slug)}`}>{r.title}</a>
      </h3>
      <p>{r.summary}</p>
      <p class="muted">{formatDay(r.publishedAt)}</p>
    </article>
  );
}

/** The banner the public home shows while topics are active (nothing when none is). */
export function TopicBanner(props: { active: TopicRow[] }) {
  if (props.active.length === 0) return null;
  return (
    <aside class="topic-banner" role="status">
      应急专题进行中：
      {props.active.map((t, i) => (
        <>
          {i > 0 && "、"}
          <a href={topicHref(t)}>
            <strong>{t.name}</strong>
          </a>
        </>
      ))}{" "}
      —— 权威解答与防护指引汇总
    </aside>
  );
}

/** `/topics/{slug}`: guidance pinned, then every answer newest first, with the topic's feeds. */
export function TopicPage(props: { p: PublicTopic }) {
  const { p } = props;
  const t = p.topic;
  const feed = topicHref(t);
  const state = p.active
    ? topicStateLabels.open
    : t.status === "closed"
      ? topicStateLabels.closed
      : "未在进行";
  return (
    <PublicLayout
      title={t.name}
      head={
        <link
          rel="alternate"
          type="application/atom+xml"
          title={t.name}
          href={`${feed}/feed.atom`}
        />
      }
    >
      <p class="muted">
        <a href="/topics">应急专题</a> · {topicKindLabels[t.kind]} · {state}
      </p>
      <h1>{t.name}</h1>
      <p class="muted">
        {period(t)} · {p.regionNames.join("、")}
      </p>
      {t.summary && <p>{t.summary}</p>}
      {p.pinned.length > 0 && (
        <section class="pinned">
          <h2>防护指引（置顶）</h2>
          {p.pinned.map((r) => (
            <Card r={r} />
          ))}
        </section>
      )}
      <h2>最新解答</h2>
      {p.latest.length > 0 ? (
        p.latest.map((r) => <Card r={r} />)
      ) : (
        <p class="muted">专家正在研判，解答发布后会出现在这里。</p>
      )}
      <p class="muted">
        订阅本专题：<a href={`${feed}/feed.atom`}>Atom</a> · <a href={`${feed}/feed.rss`}>RSS</a> ·{" "}
        <a href={`${feed}/feed.json`}>JSON Feed</a>
      </p>
    </PublicLayout>
  );
}

/** `/topics`: every public topic, the active ones marked. */
export function TopicListPage(props: { list: { topic: TopicRow; active: boolean }[] }) {
  return (
    <PublicLayout title="应急专题">
      <h1>应急专题</h1>
      {props.list.length === 0 ? (
        <p class="muted">目前没有应急专题。</p>
      ) : (
        props.list.map(({ topic: t, active }) => (
          <article class="hit">
            <h3>
              <a href={topicHref(t)}>{t.name}</a>
            </h3>
            <p class="muted">
              {topicKindLabels[t.kind]} · {period(t)} ·{" "}
              {active ? topicStateLabels.open : topicStateLabels.closed}
            </p>
          </article>
        ))
      )}
    </PublicLayout>
  );
}

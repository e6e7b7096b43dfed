import type { Context } from "hono";
import { getCaseEffect } from "../../effect/get-case-effect.ts";
import type { EffectHour } from "../../effect/series.ts";
import { topicEffect } from "../../effect/topic-effect.ts";
import type { AppEnv } from "../../http/env.ts";
import { serviceCtx, staffCtx } from "../../http/service-ctx.ts";
import { formatTime } from "../format.ts";

type Effect = Awaited<ReturnType<typeof topicEffect>>;

const WIDTH = 640;
const LEFT = 36;
/** Room right of the plot, so the last time label is not cut off. */
const RIGHT = 40;
const PLOT_END = WIDTH - RIGHT;
const PANEL = 90;
const TOP = 24;
const GAP = 34;
const colours = {
  reports: "#1d5fa8",
  missed: "#b26a00",
  landed: "#2e7d32",
  publication: "#c62828",
};

/** "11/29 08时" in Asia/Shanghai. */
const hourLabel = (iso: string) => {
  const t = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(5, 7)}/${t.slice(8, 10)} ${t.slice(11, 13)}时`;
};
const perHour = (n: number | null) => (n === null ? "—" : n.toFixed(2));
const percent = (share: number | null) =>
  share === null ? "无数据" : `${Math.round(share * 1000) / 10}%`;

/** What the chart says, for its caption and for screen readers. */
export function effectSummary(e: Effect): string {
  const b = e.before;
  const a = e.after;
  if (!e.publishedAt) {
    return `尚未发布解答。近 ${b.hours} 小时：线索 ${b.reports} 条（每小时 ${perHour(b.reportsPerHour)} 条），相关搜索 ${b.searches} 次。`;
  }
  return (
    `发布前 ${b.hours} 小时：线索 ${b.reports} 条（每小时 ${perHour(b.reportsPerHour)} 条），相关搜索 ${b.searches} 次；` +
    `发布后 ${a.hours} 小时：线索 ${a.reports} 条（每小时 ${perHour(a.reportsPerHour)} 条），相关搜索 ${a.searches} 次，` +
    `其中 ${a.answeredInstantly} 条线索被即时解答。`
  );
}

function Panel(props: {
  y: number;
  label: string;
  hours: EffectHour[];
  series: { value: (h: EffectHour) => number; colour: string }[];
}) {
  const max = Math.max(
    1,
    ...props.hours.map((h) => props.series.reduce((n, s) => n + s.value(h), 0)),
  );
  const step = (PLOT_END - LEFT) / Math.max(1, props.hours.length);
  return (
    <g>
      <text x="0" y={props.y - 8} font-size="13" fill="#333">
        {props.label}（最高 {max}）
      </text>
      <line x1={LEFT} y1={props.y + PANEL} x2={PLOT_END} y2={props.y + PANEL} stroke="#999" />
      {props.hours.map((h, i) => {
        let base = props.y + PANEL;
        return props.series.map((s) => {
          const v = s.value(h);
          if (v === 0) return null;
          const height = (v / max) * PANEL;
          base -= height;
          return (
            <rect
              x={(LEFT + i * step + step * 0.1).toFixed(1)}
              y={base.toFixed(1)}
              width={Math.max(1, step * 0.8).toFixed(1)}
              height={height.toFixed(1)}
              fill={s.colour}
            >
              <title>{`${hourLabel(h.hour)}：${v}`}</title>
            </rect>
          );
        });
      })}
    </g>
  );
}

/**
 * Reports and searches per hour around the publication, drawn on the server as SVG: reports on
 * top, searches below (missed amber, answered green), the publication moment a red line.
 */
export function EffectChart(props: { title: string; effect: Effect }) {
  const e = props.effect;
  const hours = e.hours;
  const step = (PLOT_END - LEFT) / Math.max(1, hours.length);
  const height = TOP + 2 * PANEL + GAP + 40;
  const x = (iso: string) => {
    const first = hours[0] ? new Date(hours[0].hour).getTime() : 0;
    return LEFT + ((new Date(iso).getTime() - first) / 3_600_000) * step;
  };
  const tickEvery = hours.length <= 48 ? 6 : hours.length <= 120 ? 12 : 24;
  // Ticks on Beijing hours divisible by the step (UTC+8).
  const ticks = hours.filter((h) => (new Date(h.hour).getUTCHours() + 8) % tickEvery === 0);
  const inWindow = e.publications.filter(
    (p) => hours.length > 0 && x(p.publishedAt) >= LEFT && x(p.publishedAt) <= PLOT_END,
  );
  const summary = effectSummary(e);
  return (
    <figure class="chart effect-chart" style="margin:0 0 1rem">
      <figcaption style="font-weight:600;margin-bottom:.25rem">{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-label={`${props.title}：${summary}`}
        style="max-width:760px;height:auto;display:block"
      >
        <title>{props.title}</title>
        <desc>{summary}</desc>
        <Panel
          y={TOP}
          label="每小时线索"
          hours={hours}
          series={[{ value: (h) => h.reports, colour: colours.reports }]}
        />
        <Panel
          y={TOP + PANEL + GAP}
          label="每小时相关搜索（橙：无权威解答，绿：命中解答）"
          hours={hours}
          series={[
            { value: (h) => h.searchesLanded, colour: colours.landed },
            { value: (h) => h.searchesMissed, colour: colours.missed },
          ]}
        />
        {ticks.map((h) => (
          <text
            x={x(h.hour).toFixed(1)}
            y={height - 6}
            font-size="11"
            fill="#555"
            text-anchor="middle"
          >
            {hourLabel(h.hour)}
          </text>
        ))}
        {inWindow.map((p, i) => (
          <g class="publication">
            <line
              x1={x(p.publishedAt).toFixed(1)}
              y1={TOP - 4}
              x2={x(p.publishedAt).toFixed(1)}
              y2={TOP + 2 * PANEL + GAP}
              stroke={colours.publication}
              stroke-width="2"
              stroke-dasharray="4 3"
            />
            {i === 0 && (
              <text
                x={(x(p.publishedAt) + 4).toFixed(1)}
                y={TOP + 10}
                font-size="12"
                fill={colours.publication}
              >
                发布 {formatTime(p.publishedAt)}
              </text>
            )}
          </g>
        ))}
      </svg>
      <p class="muted" style="margin:.25rem 0">
        {summary}（时间为北京时间）
      </p>
      <HourTable hours={hours} />
    </figure>
  );
}

/** The chart's numbers as a table, for screen readers and for copying (hours with activity). */
function HourTable(props: { hours: EffectHour[] }) {
  const busy = props.hours.filter((h) => h.reports + h.searches + h.views > 0);
  return (
    <details>
      <summary>每小时数据（{busy.length} 个有记录的小时）</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">线索</th>
            <th scope="col">即时解答</th>
            <th scope="col">搜索未命中</th>
            <th scope="col">搜索命中</th>
            <th scope="col">浏览</th>
          </tr>
        </thead>
        <tbody>
          {busy.map((h) => (
            <tr>
              <th scope="row">
                {hourLabel(h.hour)}
                {h.phase === "before" ? "（发布前）" : ""}
              </th>
              <td>{h.reports}</td>
              <td>{h.answeredInstantly}</td>
              <td>{h.searchesMissed}</td>
              <td>{h.searchesLanded}</td>
              <td>{h.views}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The figures beside the chart: views, clicks from search, votes, the instant-answer share. */
export function EffectFigures(props: { effect: Effect }) {
  const e = props.effect;
  const after = e.after;
  return (
    <dl
      class="effect-figures"
      style="display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0"
    >
      <dt>浏览量</dt>
      <dd>{e.views}</dd>
      <dt>搜索命中解答</dt>
      <dd>{e.hours.reduce((n, h) => n + h.searchesLanded, 0)} 次</dd>
      <dt>从搜索结果点开</dt>
      <dd>{e.searchClicks} 次</dd>
      <dt>“有帮助”评价</dt>
      <dd>
        有帮助 {e.helpful} · 没帮助 {e.notHelpful}
      </dd>
      <dt>发布后即时解答占比</dt>
      <dd>
        {percent(e.instantAnswerShare)}
        {e.instantAnswerShare !== null && (
          <span class="muted">
            （{after.answeredInstantly}/{after.reports} 条线索）
          </span>
        )}
      </dd>
    </dl>
  );
}

function EffectSection(props: { title: string; effect: Effect }) {
  return (
    <section class="card effect" aria-labelledby="effect-heading">
      <h2 id="effect-heading">传播效果</h2>
      {props.effect.drill && <p class="muted">演练数据，不计入公开统计。</p>}
      <EffectChart title={props.title} effect={props.effect} />
      <EffectFigures effect={props.effect} />
    </section>
  );
}

/** The case page's effect section (one component, so the page keeps one inserted line). */
export async function CaseEffectSection(props: { c: Context<AppEnv>; caseId: string }) {
  const effect = await getCaseEffect(serviceCtx(props.c), { id: props.caseId });
  return <EffectSection title="发布前后每小时线索与搜索" effect={effect} />;
}

/** The topic dashboard's effect section, around the topic's first published answer. */
export async function TopicEffectSection(props: { c: Context<AppEnv>; topicId: string }) {
  const effect = await topicEffect(staffCtx(props.c), { id: props.topicId });
  return <EffectSection title="专题首条解答发布前后每小时线索与搜索" effect={effect} />;
}

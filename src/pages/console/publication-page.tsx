import type { Context } from "hono";
import { csrfToken } from "../../auth/csrf.ts";
import { getCase } from "../../cases/get-case.ts";
import { listDeliveries } from "../../fanout/delivery-log.ts";
import { type ChannelProgress, getPublicationProgress } from "../../fanout/delivery-progress.ts";
import { getPublication, listPublications } from "../../fanout/publications.ts";
import { redeliver } from "../../fanout/redeliver.ts";
import { getDeliveryProgressRoute } from "../../fanout/routes/get-delivery-progress.ts";
import { redeliverRoute } from "../../fanout/routes/redeliver.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import {
  type Channel,
  channelDescriptions,
  channelLabel,
  channels,
} from "../../vocabulary/channels.ts";
import { eventTypeLabel } from "../../vocabulary/event-types.ts";
import { formatTime } from "../format.ts";
import { asOperation, consoleUser, hasAnyRole } from "./guard.ts";
import { Layout } from "./layout.tsx";
import { Csrf, Flash, idParam, isUuid } from "./page-kit.tsx";
import { deliveryProblem } from "./widgets.tsx";

const fields = [
  ["total", "订阅方"],
  ["delivered", "已送达"],
  ["pending", "投递中"],
  ["failed", "失败"],
] as const;

function ProgressRow(props: { channel: Channel; p: ChannelProgress }) {
  return (
    <tr data-channel={props.channel}>
      <th scope="row">{channelDescriptions[props.channel]}</th>
      {fields.map(([key, label]) => (
        <td data-label={label} data-field={key}>
          {props.p[key]}
        </td>
      ))}
    </tr>
  );
}

async function publicationPage(c: Context<AppEnv>, eventId: string, notice?: string) {
  const user = consoleUser(c);
  const progress = await getPublicationProgress(staffCtx(c), { eventId });
  const event = await getPublication(staffCtx(c), { eventId });
  const title = event.title;
  const log = await listDeliveries(staffCtx(c), { eventId, limit: 200, offset: 0 });
  const failed = log.items.filter((d) => d.status === "failed" || d.status === "dead");
  const redeliverSpec = redeliverRoute["x-chorus-access"];
  const canRedeliver = "roles" in redeliverSpec && hasAnyRole(user, redeliverSpec.roles);
  return (
    <Layout
      title={`发布进度 · ${title}`}
      user={user}
      current="/console/cases"
      csrfToken={csrfToken(c)}
      scripts={["/assets/socket.io.min.js", "/assets/publication-live.js"]}
    >
      <h1>发布进度：{title}</h1>
      <p class="muted">
        {eventTypeLabel(event.type)} · 消息序号 #{event.seq} · {formatTime(event.occurredAt)}
        {event.caseId && (
          <>
            {" · "}
            <a href={`/console/cases/${event.caseId}`}>返回案件</a>
          </>
        )}
      </p>
      <Flash notice={notice} />
      <section class="card" aria-labelledby="progress-h" data-event-id={eventId}>
        <h2 id="progress-h">各渠道送达情况</h2>
        <p id="progress-state" class="muted" role="status">
          {progress.complete ? "全部投递已结束。" : "正在投递…"}
        </p>
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">渠道</th>
              {fields.map(([, label]) => (
                <th scope="col">{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {channels.map((name) => (
              <ProgressRow channel={name} p={progress.channels[name]} />
            ))}
          </tbody>
        </table>
        <p class="muted">
          实时推送（socket.io）：发布时即推送给所有在线的媒体页面和接入方；断线重连时按序号自动补发。
        </p>
      </section>
      <section class="card" aria-labelledby="failed-h">
        <h2 id="failed-h">失败的投递（{failed.length}）</h2>
        {failed.length === 0 ? (
          <p class="muted">没有失败的投递。</p>
        ) : (
          <table class="responsive">
            <thead>
              <tr>
                <th scope="col">渠道</th>
                <th scope="col">地址</th>
                <th scope="col">尝试</th>
                <th scope="col">错误</th>
                {canRedeliver && <th scope="col">操作</th>}
              </tr>
            </thead>
            <tbody>
              {failed.map((d) => (
                <tr data-delivery-id={d.id}>
                  <td data-label="渠道">{channelLabel(d.channel)}</td>
                  <td data-label="地址">
                    <code>{d.target}</code>
                  </td>
                  <td data-label="尝试">
                    {d.attemptCount} 次 · {formatTime(d.lastAttemptAt)}
                  </td>
                  <td data-label="错误">{deliveryProblem(d)}</td>
                  {canRedeliver && (
                    <td data-label="操作">
                      <form method="post" action={`/console/deliveries/${d.id}/redeliver`}>
                        <Csrf c={c} />
                        <input type="hidden" name="eventId" value={eventId} />
                        <button type="submit" class="secondary">
                          重新投递
                        </button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

async function casePublicationsPage(c: Context<AppEnv>, caseId: string) {
  const user = consoleUser(c);
  const theCase = await getCase(staffCtx(c), { id: caseId });
  const events = await listPublications(staffCtx(c), {
    rebuttalIds: theCase.rebuttals.map((r) => r.id),
  });
  return (
    <Layout title="发布记录" user={user} current="/console/cases" csrfToken={csrfToken(c)}>
      <h1>
        <a href={`/console/cases/${caseId}`}>#{theCase.number}</a> 的发布记录
      </h1>
      {events.length === 0 ? (
        <p class="card">这个案件还没有发布。</p>
      ) : (
        <ul class="card">
          {events.reverse().map((e) => (
            <li>
              <a href={`/console/publications/${e.id}`}>
                #{e.seq} {eventTypeLabel(e.type)} · {e.title}
              </a>{" "}
              <span class="muted">{formatTime(e.occurredAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** Live fan-out progress of a publication per channel, failed deliveries and redelivery. */
export function registerPublicationPages(app: App): void {
  const allowed = asOperation(getDeliveryProgressRoute);
  app.get("/console/publications/:eventId", ...allowed, async (c) => {
    const notice = c.req.query("redelivered") ? "已重新排队投递。" : undefined;
    return c.html(await publicationPage(c, idParam(c, "eventId"), notice));
  });

  app.get("/console/cases/:id/publications", ...allowed, async (c) =>
    c.html(await casePublicationsPage(c, idParam(c, "id"))),
  );

  app.post("/console/deliveries/:id/redeliver", ...asOperation(redeliverRoute), async (c) => {
    const id = idParam(c, "id");
    const form = await c.req.parseBody();
    await redeliver(staffCtx(c), { id });
    const eventId = String(form.eventId ?? "");
    const back = isUuid(eventId) ? `/console/publications/${eventId}` : "/console";
    return c.redirect(`${back}?redelivered=1`, 303);
  });
}

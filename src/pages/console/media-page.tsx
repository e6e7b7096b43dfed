import type { Context } from "hono";
import { csrfToken } from "../../auth/csrf.ts";
import { listCategories, listRegions } from "../../content/reference-lists.ts";
import { createSubscription } from "../../fanout/create-subscription.ts";
import { listDeliveries } from "../../fanout/delivery-log.ts";
import { listRecentMessages } from "../../fanout/list-recent-messages.ts";
import { listSubscriptions } from "../../fanout/manage-subscription.ts";
import {
  createSubscriptionRoute,
  SubscriptionBody,
} from "../../fanout/routes/create-subscription.ts";
import { listSubscriptionsRoute } from "../../fanout/routes/list-subscriptions.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { type FieldError, fieldErrors } from "../../http/errors.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { channelDescriptions, channelLabel, channels } from "../../vocabulary/channels.ts";
import {
  deliveryStatusLabel,
  subscriptionStatusLabel,
} from "../../vocabulary/delivery-statuses.ts";
import { eventTypeLabel } from "../../vocabulary/event-types.ts";
import { formatTime } from "../format.ts";
import { asOperation, consoleUser } from "./guard.ts";
import { FieldError as FieldErrorView, Layout } from "./layout.tsx";
import { formAction } from "./page-errors.ts";
import { formStateOf, redirectAfterPost } from "./page-kit.tsx";
import { deliveryProblem } from "./widgets.tsx";

type Recent = Awaited<ReturnType<typeof listRecentMessages>>["items"][number];

/** One message of the live list, as media-live.js draws the ones that arrive later. */
function LiveItem(props: { m: Recent }) {
  const { m } = props;
  return (
    <article class="card" data-seq={String(m.seq)}>
      <h3>
        {eventTypeLabel(m.type)} · {m.title}
      </h3>
      {m.drill && <span class="drill">演练</span>}
      <p>{m.summary}</p>
      {m.url && <a href={m.url}>查看全文</a>}{" "}
      {m.cardUrl && (
        <a href={m.cardUrl} download>
          分享卡片
        </a>
      )}
      <p class="muted">
        #{m.seq} · {formatTime(m.occurredAt)}
      </p>
    </article>
  );
}

async function mediaPage(
  c: Context<AppEnv>,
  state: {
    created?: { id: string; secret?: string };
    errors?: FieldError[];
    message?: string;
  } = {},
) {
  const deps = c.get("deps");
  const user = consoleUser(c);
  const [recent, subs, deliveries, categories, regions] = await Promise.all([
    listRecentMessages(staffCtx(c), { limit: 20 }),
    listSubscriptions(staffCtx(c)),
    listDeliveries(staffCtx(c), { limit: 30, offset: 0 }),
    listCategories({ deps }),
    listRegions({ deps }),
  ]);
  const csrf = csrfToken(c) ?? "";
  return (
    <Layout
      title="媒体中心"
      user={user}
      current="/console/media"
      csrfToken={csrf}
      scripts={["/assets/socket.io.min.js", "/assets/vocabulary.js", "/assets/media-live.js"]}
    >
      <h1>媒体中心</h1>
      <p>
        <a href="/console/media/tokens">API 令牌</a>
      </p>
      <div class="grid">
        <section aria-labelledby="live-h">
          <h2 id="live-h">实时发布</h2>
          <p id="live-state" class="muted" role="status">
            正在连接…
          </p>
          <div id="live-feed" aria-live="polite">
            {recent.items.length === 0 ? (
              <p id="live-empty" class="muted">
                新发布的辟谣、科普和防护指引会立即出现在这里，无需刷新。
              </p>
            ) : (
              recent.items.map((m) => <LiveItem m={m} />)
            )}
          </div>
        </section>
        <section class="card" aria-labelledby="subs-h">
          <h2 id="subs-h">订阅</h2>
          {state.created && (
            <p class="notice" role="status">
              订阅已创建。
              {state.created.secret && (
                <>
                  签名密钥只显示这一次，请妥善保存：<code>{state.created.secret}</code>
                </>
              )}
            </p>
          )}
          {state.message && (
            <p class="alert" role="alert">
              {state.message}
            </p>
          )}
          <ul>
            {subs.map((s) => (
              <li>
                {channelLabel(s.channel)} · <code>{s.target}</code>{" "}
                <a href={`/console/media/subscriptions/${s.id}`}>设置</a>{" "}
                <span class="tag">{subscriptionStatusLabel(s.status)}</span>
                {s.statusReason && <span class="muted"> {s.statusReason}</span>}
              </li>
            ))}
          </ul>
          <form method="post" action="/console/media/subscriptions">
            <input type="hidden" name="_csrf" value={csrf} />
            <label for="channel">方式</label>
            <select id="channel" name="channel">
              {channels.map((c) => (
                <option value={c}>{channelDescriptions[c]}</option>
              ))}
            </select>
            <label for="target">地址（Webhook 网址或邮箱）</label>
            <input id="target" name="target" required />
            <FieldErrorView errors={state.errors} path="target" />
            <label for="categories">类别（不选为全部）</label>
            <select id="categories" name="categories" multiple size={4}>
              {categories.map((k) => (
                <option value={k.slug}>{k.name}</option>
              ))}
            </select>
            <label for="regions">地区（不选为全部；县市也会收到全省消息）</label>
            <select id="regions" name="regions" multiple size={4}>
              {regions.map((r) => (
                <option value={r.code}>{r.name}</option>
              ))}
            </select>
            <p>
              <button type="submit">添加订阅</button>
            </p>
          </form>
        </section>
      </div>
      <section class="card" aria-labelledby="log-h">
        <h2 id="log-h">投递记录</h2>
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">消息</th>
              <th scope="col">方式</th>
              <th scope="col">状态</th>
              <th scope="col">尝试</th>
              <th scope="col">最近错误</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.items.map((d) => (
              <tr>
                <td data-label="消息">
                  #{d.seq} {eventTypeLabel(d.eventType)}
                </td>
                <td data-label="方式" class="nowrap">
                  {channelLabel(d.channel)}
                </td>
                <td data-label="状态" class="nowrap">
                  {deliveryStatusLabel(d.status)}
                </td>
                <td data-label="尝试">
                  {d.attemptCount} 次{d.lastAttemptAt && ` · ${formatTime(d.lastAttemptAt)}`}
                </td>
                <td data-label="最近错误" class="wrap-anywhere">
                  {deliveryProblem(d)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}

/** The media portal: the live feed, subscriptions (secret shown once) and the delivery log. */
export function registerMediaPages(app: App): void {
  app.get("/console/media", ...asOperation(listSubscriptionsRoute), async (c) => {
    const state = await formStateOf(c);
    const v = state?.values ?? {};
    // A new subscription's secret travels through the one-time form state: shown on this GET only.
    const created =
      state?.form === "created"
        ? { id: String(v.id), secret: v.secret ? String(v.secret) : undefined }
        : undefined;
    return c.html(await mediaPage(c, { ...state, created }));
  });

  app.post("/console/media/subscriptions", ...asOperation(createSubscriptionRoute), async (c) => {
    const form = await c.req.parseBody({ all: true });
    const list = (k: string) => [form[k] ?? []].flat().map(String).filter(Boolean);
    const parsed = SubscriptionBody.safeParse({
      channel: String(form.channel ?? ""),
      target: String(form.target ?? "").trim(),
      filters: { categories: list("categories"), regions: list("regions"), eventTypes: [] },
    });
    if (!parsed.success) {
      return redirectAfterPost(c, "/console/media", {
        message: "请检查标出的字段",
        errors: fieldErrors(parsed.error),
      });
    }
    const result = await formAction(() => createSubscription(staffCtx(c), parsed.data));
    if (!result.ok) return redirectAfterPost(c, "/console/media", result);
    const created = result.value;
    const secret = "secret" in created ? created.secret : undefined;
    return redirectAfterPost(c, "/console/media", {
      form: "created",
      values: secret ? { id: created.id, secret } : { id: created.id },
    });
  });
}

import type { Context } from "hono";
import { csrfToken } from "../../auth/csrf.ts";
import {
  loadOwnSubscription,
  rotateSubscriptionSecret,
  updateSubscription,
} from "../../fanout/manage-subscription.ts";
import { redeliverSince } from "../../fanout/redeliver.ts";
import { redeliverSubscriptionRoute } from "../../fanout/routes/redeliver-subscription.ts";
import { rotateSubscriptionSecretRoute } from "../../fanout/routes/rotate-subscription-secret.ts";
import { testSubscriptionRoute } from "../../fanout/routes/test-subscription.ts";
import { updateSubscriptionRoute } from "../../fanout/routes/update-subscription.ts";
import { subscriptionView } from "../../fanout/subscription-view.ts";
import { testSubscription } from "../../fanout/test-subscription.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { channelLabel } from "../../vocabulary/channels.ts";
import { subscriptionStatusLabel } from "../../vocabulary/delivery-statuses.ts";
import { formatTime } from "../format.ts";
import { asOperation, consoleUser } from "./guard.ts";
import { FieldError, Layout } from "./layout.tsx";
import {
  bodySchemaOf,
  Csrf,
  Flash,
  type FormState,
  fieldValue,
  formStateOf,
  idParam,
  readForm,
  redirectAfterPost,
  submitForm,
} from "./page-kit.tsx";

const keepOptions = [
  [0, "立即失效"],
  [3600, "1 小时"],
  [86_400, "1 天"],
  [7 * 86_400, "7 天"],
] as const;

interface PageState extends FormState {
  notice?: string;
  secret?: { value: string; until: string };
}

async function subscriptionPage(c: Context<AppEnv>, id: string, state: PageState = {}) {
  const user = consoleUser(c);
  const sub = subscriptionView(await loadOwnSubscription(c.get("deps"), user, id));
  const base = `/console/media/subscriptions/${id}`;
  const paused = sub.status !== "active";
  return (
    <Layout title="订阅设置" user={user} current="/console/media" csrfToken={csrfToken(c)}>
      <h1>
        订阅：{channelLabel(sub.channel)} <code>{sub.target}</code>
      </h1>
      <p>
        <span class="tag">{subscriptionStatusLabel(sub.status)}</span>
        {sub.statusReason && <span class="muted"> {sub.statusReason}</span>}
        {sub.consecutiveFailures > 0 && (
          <span class="muted"> · 连续失败 {sub.consecutiveFailures} 次</span>
        )}{" "}
        · <a href="/console/media">返回媒体中心</a>
      </p>
      <Flash message={state.message} notice={state.notice} />
      {state.secret && (
        <p class="notice" role="status">
          新签名密钥只显示这一次，请立即保存：<code id="new-secret">{state.secret.value}</code>
          <br />
          旧密钥在 {formatTime(state.secret.until)} 前仍同时签名，方便接收端切换。
        </p>
      )}
      <div class="grid">
        <form method="post" action={`${base}/status`} class="card">
          <h2>{paused ? "恢复订阅" : "暂停订阅"}</h2>
          <Csrf c={c} />
          <input type="hidden" name="status" value={paused ? "active" : "paused"} />
          <p class="muted">
            {paused
              ? "恢复后新发布的消息会继续送达，失败计数清零。"
              : "暂停期间不会投递，之后可补发。"}
          </p>
          <button type="submit" class={paused ? "" : "secondary"}>
            {paused ? "恢复订阅" : "暂停订阅"}
          </button>
        </form>
        {sub.channel === "webhook" && (
          <form method="post" action={`${base}/rotate-secret`} class="card">
            <h2>更换签名密钥</h2>
            <Csrf c={c} />
            <label for="keepPreviousForSeconds">旧密钥继续有效</label>
            <select id="keepPreviousForSeconds" name="keepPreviousForSeconds">
              {keepOptions.map(([seconds, label]) => (
                <option value={String(seconds)} selected={seconds === 86_400}>
                  {label}
                </option>
              ))}
            </select>
            <FieldError errors={state.errors} path="keepPreviousForSeconds" />
            <p>
              <button type="submit">生成新密钥</button>
            </p>
          </form>
        )}
        <form method="post" action={`${base}/test`} class="card">
          <h2>测试发送</h2>
          <Csrf c={c} />
          <p class="muted">立即发送一条带签名的测试消息（不计入投递记录），并显示接收端的回应。</p>
          <button type="submit" class="secondary">
            发送测试消息
          </button>
        </form>
        <form method="post" action={`${base}/redeliver`} class="card">
          <h2>补发</h2>
          <Csrf c={c} />
          <label for="since">补发此时间（北京时间）之后发布的全部消息</label>
          <input
            id="since"
            name="since"
            type="datetime-local"
            value={fieldValue(state, "since")}
            aria-describedby="since-error"
          />
          <FieldError errors={state.errors} path="since" />
          <p>
            <button type="submit" class="secondary">
              补发
            </button>
          </p>
        </form>
      </div>
    </Layout>
  );
}

const pageOf = (id: string) => `/console/media/subscriptions/${id}`;

/** A subscription's settings: pause or resume, test-send, rotate the secret (shown once), redeliver. */
export function registerSubscriptionPages(app: App): void {
  const base = "/console/media/subscriptions/:id";
  app.get(base, ...asOperation(updateSubscriptionRoute), async (c) => {
    const state = await formStateOf(c);
    const v = state?.values ?? {};
    // A rotated secret travels through the one-time form state: shown on this GET only.
    const secret =
      state?.form === "secret" ? { value: String(v.secret), until: String(v.until) } : undefined;
    return c.html(await subscriptionPage(c, idParam(c), { ...state, secret }));
  });

  app.post(`${base}/status`, ...asOperation(updateSubscriptionRoute), async (c) => {
    const id = idParam(c);
    const { one } = await readForm(c);
    const result = await submitForm(
      bodySchemaOf(updateSubscriptionRoute),
      { status: one("status") },
      (data: { status: "active" | "paused" }) => updateSubscription(staffCtx(c), { ...data, id }),
    );
    const notice = result.ok
      ? result.value.status === "active"
        ? "订阅已恢复。"
        : "订阅已暂停。"
      : undefined;
    return redirectAfterPost(c, pageOf(id), result.ok ? { notice } : result);
  });

  app.post(`${base}/rotate-secret`, ...asOperation(rotateSubscriptionSecretRoute), async (c) => {
    const id = idParam(c);
    const { one } = await readForm(c);
    const input = { keepPreviousForSeconds: Number(one("keepPreviousForSeconds")) };
    const result = await submitForm(
      bodySchemaOf(rotateSubscriptionSecretRoute),
      input,
      (data: { keepPreviousForSeconds: number }) =>
        rotateSubscriptionSecret(staffCtx(c), { ...data, id }),
    );
    if (!result.ok) return redirectAfterPost(c, pageOf(id), result);
    return redirectAfterPost(c, pageOf(id), {
      form: "secret",
      values: { secret: result.value.secret, until: result.value.previousSecretExpiresAt },
    });
  });

  app.post(`${base}/test`, ...asOperation(testSubscriptionRoute), async (c) => {
    const id = idParam(c);
    const sent = await testSubscription(c.get("deps"), consoleUser(c), id, requestMeta(c));
    const detail = `（${sent.response ?? "无回应"}，${sent.durationMs} 毫秒）`;
    return redirectAfterPost(
      c,
      pageOf(id),
      sent.ok
        ? { notice: `测试消息已送达${detail}` }
        : { message: `测试消息未送达：${sent.error ?? "未知原因"}${detail}` },
    );
  });

  app.post(`${base}/redeliver`, ...asOperation(redeliverSubscriptionRoute), async (c) => {
    const id = idParam(c);
    const { one } = await readForm(c);
    const values = { since: one("since") };
    // datetime-local has no zone: the console's times are Beijing time.
    const input = {
      since: /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(values.since)
        ? `${values.since}:00+08:00`
        : values.since,
    };
    const result = await submitForm(
      bodySchemaOf(redeliverSubscriptionRoute),
      input,
      (data: { since: string }) => redeliverSince(staffCtx(c), { id, since: new Date(data.since) }),
    );
    if (!result.ok) return redirectAfterPost(c, pageOf(id), { ...result, values });
    const notice = `已安排补发 ${result.value.deliveries} 条消息。`;
    return redirectAfterPost(c, pageOf(id), { notice, values });
  });
}

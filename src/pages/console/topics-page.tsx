import type { Context } from "hono";
import { csrfToken } from "../../auth/csrf.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { closeTopic } from "../../topics/close-topic.ts";
import { createTopic } from "../../topics/create-topic.ts";
import { listTopics } from "../../topics/get-topic.ts";
import { closeTopicRoute } from "../../topics/routes/close-topic.ts";
import { createTopicRoute } from "../../topics/routes/create-topic.ts";
import { getTopicRoute } from "../../topics/routes/get-topic.ts";
import { topicDashboard } from "../../topics/topic-dashboard.ts";
import { caseStateLabel } from "../../vocabulary/case-states.ts";
import { topicKindLabels, topicKinds, topicStateLabels } from "../../vocabulary/topic-kinds.ts";
import { BarChart } from "./charts.tsx";
import { TopicEffectSection } from "./effect-chart.tsx";
import { asOperation, consoleUser, hasAnyRole } from "./guard.ts";
import { FieldError, Layout } from "./layout.tsx";
import {
  bodySchemaOf,
  Csrf,
  Flash,
  type FormState,
  fieldValue,
  idParam,
  readForm,
  submitForm,
} from "./page-kit.tsx";

const shanghaiHour = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(11, 13);

async function listPage(c: Context<AppEnv>, state?: FormState) {
  const user = consoleUser(c);
  const { items } = await listTopics(staffCtx(c), {});
  const canOpen = hasAnyRole(user, ["coordinator"]);
  return c.html(
    <Layout title="应急专题" user={user} current="/console/topics" csrfToken={csrfToken(c)}>
      <h1>应急专题</h1>
      <Flash message={state?.message} />
      <ul>
        {items.map((t) => (
          <li>
            <a href={`/console/topics/${t.id}`}>{t.name}</a>（{t.kindLabel} ·{" "}
            {topicStateLabels[t.status]}
            {t.drill ? " · 演练" : ""}）
          </li>
        ))}
      </ul>
      {canOpen && (
        <form method="post" action="/console/topics">
          <h2>开设专题</h2>
          <Csrf c={c} />
          <label>
            名称 <input name="name" required maxlength={60} value={fieldValue(state, "name")} />
          </label>
          <FieldError errors={state?.errors} path="name" />
          <label>
            类型
            <select name="kind">
              {topicKinds.map((k) => (
                <option value={k} selected={fieldValue(state, "kind") === k}>
                  {topicKindLabels[k]}
                </option>
              ))}
            </select>
          </label>
          <label>
            地区代码（多个用逗号分隔）{" "}
            <input name="regions" required value={fieldValue(state, "regions", "460000")} />
          </label>
          <FieldError errors={state?.errors} path="regions.0" />
          <label>
            地址标识（可选） <input name="slug" value={fieldValue(state, "slug")} />
          </label>
          <FieldError errors={state?.errors} path="slug" />
          <label>
            说明 <input name="summary" maxlength={500} value={fieldValue(state, "summary")} />
          </label>
          <label>
            <input type="checkbox" name="drill" value="true" /> 演练
          </label>
          <button type="submit">开设专题</button>
        </form>
      )}
    </Layout>,
    state ? 400 : 200,
  );
}

async function dashboardPage(c: Context<AppEnv>) {
  const user = consoleUser(c);
  const d = await topicDashboard(staffCtx(c), { id: idParam(c) });
  const t = d.topic;
  const total = d.reportsPerHour.reduce((n, h) => n + h.reports, 0);
  return c.html(
    <Layout title={t.name} user={user} current="/console/topics" csrfToken={csrfToken(c)}>
      <h1>
        {t.name}（{t.kindLabel} · {topicStateLabels[t.status]}）
      </h1>
      <p>
        <a href={`/topics/${t.slug}`}>公开专题页</a> · 已发布解答 <strong>{d.published}</strong> 条
        · 超时事件 <strong>{d.overdue}</strong> 件
      </p>
      <BarChart
        title={`事件状态（共 ${t.cases.length} 件）`}
        summary={d.byState.map((s) => `${caseStateLabel(s.state)} ${s.count} 件`).join("，")}
        bars={d.byState.map((s) => ({ label: caseStateLabel(s.state), value: s.count }))}
      />
      <BarChart
        title={`近 24 小时每小时线索数（共 ${total} 条）`}
        summary={`近 24 小时共 ${total} 条线索`}
        bars={d.reportsPerHour.map((h) => ({
          label: `${shanghaiHour(h.hour)} 时`,
          value: h.reports,
          tone: "light",
        }))}
      />
      <TopicEffectSection c={c} topicId={t.id} />
      <h2>事件</h2>
      <ul>
        {t.cases.map((k) => (
          <li>
            <a href={`/console/cases/${k.id}`}>
              #{k.number} {k.title}
            </a>{" "}
            · {caseStateLabel(k.status)}
            {k.attachedAutomatically ? " · 按地区自动归入" : ""}
          </li>
        ))}
      </ul>
      {t.status === "open" && hasAnyRole(user, ["coordinator"]) && (
        <form method="post" action={`/console/topics/${t.id}/close`}>
          <Csrf c={c} />
          <button type="submit">结束专题</button>
        </form>
      )}
    </Layout>,
  );
}

/** Staff pages of the emergency topics: the list, opening one, its dashboard, closing it. */
export function registerTopicPages(app: App): void {
  app.get("/console/topics", ...asOperation(getTopicRoute), (c) => listPage(c));
  app.post("/console/topics", ...asOperation(createTopicRoute), async (c) => {
    const f = await readForm(c);
    const input = {
      name: f.one("name"),
      kind: f.one("kind"),
      regions: f
        .one("regions")
        .split(/[,，\s]+/)
        .filter(Boolean),
      ...(f.one("slug") ? { slug: f.one("slug") } : {}),
      ...(f.one("summary") ? { summary: f.one("summary") } : {}),
      drill: f.one("drill") === "true",
    };
    const done = await submitForm(bodySchemaOf(createTopicRoute), input, (data) =>
      createTopic(staffCtx(c), data),
    );
    if (!done.ok)
      return listPage(c, {
        ...done,
        values: { ...input, regions: input.regions.join(","), drill: String(input.drill) },
      });
    return c.redirect(`/console/topics/${done.value.id}`, 303);
  });
  app.get("/console/topics/:id", ...asOperation(getTopicRoute), dashboardPage);
  app.post("/console/topics/:id/close", ...asOperation(closeTopicRoute), async (c) => {
    await closeTopic(staffCtx(c), { id: idParam(c) });
    return c.redirect(`/console/topics/${idParam(c)}`, 303);
  });
}

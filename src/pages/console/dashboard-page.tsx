import type { Context } from "hono";
import { z } from "zod";
import { csrfToken } from "../../auth/csrf.ts";
import { getStats } from "../../cases/get-stats.ts";
import { getStatsRoute } from "../../cases/routes/get-stats.ts";
import { categorySlug, regionCode, urgencyQuery } from "../../cases/schemas.ts";
import { listCategories, listRegions } from "../../content/reference-lists.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { fieldErrors } from "../../http/errors.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { urgencies, urgencyLabel, urgencyLabels } from "../../vocabulary/urgencies.ts";
import { BarChart, minutesText } from "./charts.tsx";
import { asOperation, consoleUser } from "./guard.ts";
import { FieldError, Layout } from "./layout.tsx";
import { formAction } from "./page-errors.ts";
import type { FormState } from "./page-kit.tsx";
import { CategorySelect, RegionSelect } from "./widgets.tsx";

type Stats = Awaited<ReturnType<typeof getStats>>;
type Timings = Stats["overall"];

const DAY = 86_400_000;
const day = z.iso.date("请选择日期");
/** The dashboard's filters; the period's dates are days in Asia/Shanghai, both ends included. */
const Filters = z.object({
  from: day.optional(),
  to: day.optional(),
  urgency: urgencyQuery.optional(),
  category: categorySlug.optional(),
  region: regionCode.optional(),
  drill: z.enum(["true"]).optional(),
});

const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

function TimingCharts(props: { t: Timings; scope: string }) {
  const stages = [
    ["toTriage", "到完成研判"],
    ["toFirstDraft", "到第一稿"],
    ["toPublication", "到发布"],
  ] as const;
  const bars = stages.flatMap(([key, label]) => [
    {
      label: `${label} · 中位数`,
      value: props.t[key].medianMinutes,
      text: minutesText(props.t[key].medianMinutes),
    },
    {
      label: `${label} · 90%`,
      value: props.t[key].p90Minutes,
      text: minutesText(props.t[key].p90Minutes),
      tone: "light" as const,
    },
  ]);
  const summary = stages
    .map(([k, l]) => `${l}中位数 ${minutesText(props.t[k].medianMinutes)}`)
    .join("，");
  return (
    <BarChart
      title={`响应用时（${props.scope}，${props.t.cases} 件）`}
      summary={summary}
      bars={bars}
    />
  );
}

function ComplianceChart(props: { d: Stats["deadlines"] }) {
  const rate =
    props.d.complianceRate === null ? "无数据" : `${Math.round(props.d.complianceRate * 100)}%`;
  return (
    <BarChart
      title={`时限达标率 ${rate}`}
      summary={`按时 ${props.d.met} 件，超时 ${props.d.missed} 件，进行中 ${props.d.pending} 件`}
      bars={[
        { label: "按时发布", value: props.d.met, tone: "green" },
        { label: "超时", value: props.d.missed, tone: "red" },
        { label: "尚在时限内", value: props.d.pending, tone: "amber" },
      ]}
    />
  );
}

async function dashboard(c: Context<AppEnv>, stats: Stats | undefined, state: FormState) {
  const deps = c.get("deps");
  const [categories, regions] = await Promise.all([
    listCategories({ deps }),
    listRegions({ deps }),
  ]);
  const names = new Map(categories.map((k) => [k.slug, k.name]));
  const v = (k: string) => String(state.values?.[k] ?? "");
  const byUrgency = stats?.byUrgency.find((g) => String(g.urgency) === v("urgency"));
  const byCategory = stats?.byCategory.find((g) => g.category === v("category"));
  return (
    <Layout
      title="数据看板"
      user={consoleUser(c)}
      current="/console/dashboard"
      csrfToken={csrfToken(c)}
    >
      <h1>数据看板</h1>
      <form method="get" action="/console/dashboard" class="card filters">
        <label for="from">开始日期</label>
        <input id="from" name="from" type="date" value={v("from")} />
        <FieldError errors={state.errors} path="from" />
        <label for="to">结束日期</label>
        <input id="to" name="to" type="date" value={v("to")} />
        <FieldError errors={state.errors} path="to" />
        <label for="urgency">紧急程度</label>
        <select id="urgency" name="urgency">
          <option value="">全部</option>
          {urgencies.map((u) => (
            <option value={String(u)} selected={v("urgency") === String(u)}>
              {urgencyLabels[u]}
            </option>
          ))}
        </select>
        <FieldError errors={state.errors} path="urgency" />
        <label for="category">类别</label>
        <CategorySelect
          id="category"
          categories={categories}
          selected={v("category")}
          empty="全部"
        />
        <label for="region">地区（含下辖地区）</label>
        <RegionSelect id="region" regions={regions} selected={v("region")} empty="全省" />
        <FieldError errors={state.errors} path="region" />
        <label style="font-weight:normal">
          <input
            type="checkbox"
            name="drill"
            value="true"
            checked={v("drill") === "true"}
            style="width:auto"
          />{" "}
          只看演练
        </label>
        <p>
          <button type="submit">筛选</button>
        </p>
      </form>
      {state.message && (
        <p class="alert" role="alert">
          {state.message}
        </p>
      )}
      {stats && (
        <div class="grid">
          <section class="card">
            <TimingCharts t={stats.overall} scope="全部" />
            {v("urgency") && (
              <TimingCharts
                t={byUrgency ?? emptyTimings()}
                scope={urgencyLabel(Number(v("urgency")))}
              />
            )}
            {v("category") && (
              <TimingCharts
                t={byCategory ?? emptyTimings()}
                scope={names.get(v("category")) ?? v("category")}
              />
            )}
          </section>
          <section class="card">
            <ComplianceChart d={stats.deadlines} />
            <BarChart
              title="各紧急程度发布用时中位数"
              summary={`${stats.byUrgency.length} 个等级`}
              bars={stats.byUrgency.map((g) => ({
                label: g.urgency ? urgencyLabel(g.urgency) : "未定级",
                value: g.toPublication.medianMinutes,
                text: minutesText(g.toPublication.medianMinutes),
              }))}
            />
            <BarChart
              title="各类别发布用时中位数"
              summary={`${stats.byCategory.length} 个类别`}
              bars={stats.byCategory.map((g) => ({
                label: g.category ? (names.get(g.category) ?? g.category) : "未分类",
                value: g.toPublication.medianMinutes,
                text: minutesText(g.toPublication.medianMinutes),
              }))}
            />
            <BarChart
              title={`公众举报 ${stats.reports.total} 条`}
              summary={`辟谣库即时答复 ${stats.reports.matched} 条`}
              bars={[
                { label: "辟谣库即时答复", value: stats.reports.matched, tone: "green" },
                { label: "并入已有案件", value: stats.reports.attached },
                { label: "新开案件", value: stats.reports.opened, tone: "amber" },
              ]}
            />
          </section>
        </div>
      )}
    </Layout>
  );
}

function emptyTimings(): Timings {
  const none = { count: 0, medianMinutes: null, p90Minutes: null };
  return { cases: 0, toTriage: none, toFirstDraft: none, toPublication: none };
}

/** `/console/dashboard`: response times and deadline compliance as SVG charts (getStats). */
export function registerDashboardPage(app: App): void {
  app.get("/console/dashboard", ...asOperation(getStatsRoute), async (c) => {
    const deps = c.get("deps");
    const query = Object.fromEntries(Object.entries(c.req.query()).filter(([, x]) => x !== ""));
    const now = deps.now();
    const values = {
      from: shanghaiDay(new Date(now.getTime() - 29 * DAY)),
      to: shanghaiDay(now),
      ...query,
    };
    const filters = Filters.safeParse(query);
    if (!filters.success) {
      const state = {
        message: "请检查标出的筛选条件",
        errors: fieldErrors(filters.error),
        values,
      };
      return c.html(await dashboard(c, undefined, state), 400);
    }
    const statsQuery = getStatsRoute.request.query.safeParse({
      from: `${values.from}T00:00:00+08:00`,
      to: new Date(Date.parse(`${values.to}T00:00:00+08:00`) + DAY).toISOString(),
      drill: filters.data.drill,
      region: filters.data.region,
    });
    const result = statsQuery.success
      ? await formAction(() => getStats(staffCtx(c), statsQuery.data))
      : {
          ok: false as const,
          message: "请检查标出的筛选条件",
          errors: fieldErrors(statsQuery.error),
          status: 400,
        };
    if (!result.ok)
      return c.html(await dashboard(c, undefined, { ...result, values }), result.status as 400);
    return c.html(await dashboard(c, result.value, { values }));
  });
}

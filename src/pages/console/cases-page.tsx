import { csrfToken } from "../../auth/csrf.ts";
import { listCases } from "../../cases/list-cases.ts";
import type { CaseSummaryView } from "../../cases/present.ts";
import { listCasesRoute } from "../../cases/routes/list-cases.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { asOperation, consoleUser } from "./guard.ts";
import { Layout } from "./layout.tsx";
import { Countdown, DrillTag, StatusTag, UrgencyTag } from "./widgets.tsx";

const RESPONSE_MS: Record<number, number> = { 1: 2, 2: 6, 3: 24, 4: 72 };

function CaseTable(props: { items: CaseSummaryView[]; now: Date; empty?: string }) {
  if (props.items.length === 0) {
    return <p class="card">{props.empty ?? "目前没有需要处理的案件。"}</p>;
  }
  return (
    <table class="responsive">
      <thead>
        <tr>
          <th scope="col">编号</th>
          <th scope="col">线索</th>
          <th scope="col">状态</th>
          <th scope="col">等级</th>
          <th scope="col">剩余时间</th>
          <th scope="col">优先级</th>
          <th scope="col">举报数</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((c) => (
          <tr data-case-id={c.id}>
            <td data-label="编号">#{c.number}</td>
            <td data-label="线索">
              <a href={`/console/cases/${c.id}`}>{c.title}</a> <DrillTag drill={c.drill} />
              {c.escalatedAt && (
                <span class="tag" style="color:var(--red)">
                  已升级
                </span>
              )}
            </td>
            <td data-label="状态">
              <StatusTag status={c.status} />
            </td>
            <td data-label="等级">
              <UrgencyTag urgency={c.urgency} />
            </td>
            <td data-label="剩余时间">
              <Countdown
                dueAt={c.dueAt}
                now={props.now}
                totalMs={c.urgency ? RESPONSE_MS[c.urgency]! * 3_600_000 : undefined}
              />
            </td>
            <td data-label="优先级" title={c.priority.reasons.map((r) => r.label).join("；")}>
              {c.priority.score}
            </td>
            <td data-label="举报数">
              {c.reportCount}
              {c.reportsLastHour > 0 && (
                <span class="muted">（近 1 小时 {c.reportsLastHour}）</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The coordinator's queue (deadline first, then priority) and the expert's own cases. */
export function registerCasesPages(app: App): void {
  app.get("/console/cases", ...asOperation(listCasesRoute), async (c) => {
    const deps = c.get("deps");
    const user = consoleUser(c);
    const sort = c.req.query("sort") === "priority" ? "priority" : "due";
    const { items, total } = await listCases(staffCtx(c), { sort, limit: 100, offset: 0 });
    return c.html(
      <Layout title="案件队列" user={user} current="/console/cases" csrfToken={csrfToken(c)}>
        <h1>案件队列</h1>
        <p class="muted">
          共 {total} 件待处理 · 排序：
          <a href="/console/cases?sort=due">截止时间</a> /{" "}
          <a href="/console/cases?sort=priority">优先级</a>
          {" · "}
          <a href="/console/cases/new">主动发起</a>
          {" · "}
          <a href="/console/intake">新线索与未命中搜索</a>
          {" · "}
          <a href="/console/cases/finished">已结案件</a>
        </p>
        <CaseTable items={items} now={deps.now()} />
      </Layout>,
    );
  });

  app.get("/console/cases/finished", ...asOperation(listCasesRoute), async (c) => {
    const deps = c.get("deps");
    const user = consoleUser(c);
    const ctx = staffCtx(c);
    const [published, closed] = await Promise.all(
      ["published", "closed"].map((status) =>
        listCases(ctx, { status, sort: "newest", limit: 100, offset: 0 }),
      ),
    );
    return c.html(
      <Layout
        title="已结案件"
        user={user}
        current="/console/cases/finished"
        csrfToken={csrfToken(c)}
      >
        <h1>已结案件</h1>
        <h2>已发布（{published!.total}）</h2>
        <CaseTable items={published!.items} now={deps.now()} empty="还没有已发布的案件。" />
        <h2>已关闭（{closed!.total}）</h2>
        <CaseTable items={closed!.items} now={deps.now()} empty="还没有已关闭的案件。" />
      </Layout>,
    );
  });

  app.get("/console/my-cases", ...asOperation(listCasesRoute), async (c) => {
    const deps = c.get("deps");
    const user = consoleUser(c);
    const { items } = await listCases(staffCtx(c), {
      assignee: "me",
      limit: 100,
      offset: 0,
    });
    return c.html(
      <Layout title="我的案件" user={user} current="/console/my-cases" csrfToken={csrfToken(c)}>
        <h1>我的案件</h1>
        <CaseTable items={items} now={deps.now()} />
      </Layout>,
    );
  });
}

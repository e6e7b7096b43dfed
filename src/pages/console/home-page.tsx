import { hasRole } from "../../auth/actor.ts";
import { csrfToken } from "../../auth/csrf.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { roleLabel } from "../../vocabulary/roles.ts";
import { formatTime } from "../format.ts";
import { consoleUser, requireConsoleUser } from "./guard.ts";
import { type Task, tasksFor } from "./home-tasks.ts";
import { Layout, navFor } from "./layout.tsx";
import { Countdown } from "./widgets.tsx";

function TaskList(props: { tasks: Task[]; now: Date }) {
  if (props.tasks.length === 0) {
    return (
      <p class="card" role="status">
        目前没有等待你处理的事项。新的任务会通过邮件通知你，也会出现在这里。
      </p>
    );
  }
  return (
    <ol class="tasks" aria-label="待办事项">
      {props.tasks.map((t) => (
        <li class={t.late ? "late" : undefined} data-task={t.key}>
          <strong>{t.what}</strong>
          <br />
          <a href={t.href}>{t.title}</a>
          <br />
          {t.dueAt ? (
            <>
              <span class="muted">截止 {formatTime(t.dueAt)}</span>{" "}
              <Countdown dueAt={t.dueAt} now={props.now} />
            </>
          ) : (
            <span class="muted">无截止时间</span>
          )}
        </li>
      ))}
    </ol>
  );
}

/** The console's home: what waits for me now, oldest deadline first, and every page I can use. */
export function registerHomePage(app: App): void {
  app.get("/console", requireConsoleUser, async (c) => {
    const user = consoleUser(c);
    const now = c.get("deps").now();
    const tasks = await tasksFor(staffCtx(c), user, now);
    const pages = navFor(user).filter((n) => n.href !== "/console");
    return c.html(
      <Layout title="工作台" user={user} current="/console" csrfToken={csrfToken(c)}>
        <h1>工作台</h1>
        <p class="muted">
          {user.name}，你好。你的角色：{user.roles.map(roleLabel).join("、")}。
        </p>
        <section aria-labelledby="tasks-h">
          <h2 id="tasks-h">待办（{tasks.length}）</h2>
          <TaskList tasks={tasks} now={now} />
        </section>
        {hasRole(user, "coordinator") && (
          <p>
            <a href="/console/cases/new">主动发起案件</a>
            {" · "}
            <a href="/console/intake">新线索与未命中搜索</a>
          </p>
        )}
        <section class="card" aria-labelledby="pages-h">
          <h2 id="pages-h">你可以使用的页面</h2>
          <ul>
            {pages.map((n) => (
              <li>
                <a href={n.href}>{n.label}</a>
              </li>
            ))}
          </ul>
        </section>
      </Layout>,
    );
  });
}

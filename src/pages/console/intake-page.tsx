import type { Context } from "hono";
import { csrfToken } from "../../auth/csrf.ts";
import { listCases } from "../../cases/list-cases.ts";
import { openCaseFromSearchMiss } from "../../cases/open-case-from-search-miss.ts";
import { openCaseFromSearchMissRoute } from "../../cases/routes/open-case-from-search-miss.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { listSearchMisses } from "../../library/list-search-misses.ts";
import { listSearchMissesRoute } from "../../library/routes/list-search-misses.ts";
import { formatTime } from "../format.ts";
import { asOperation, consoleUser, hasAnyRole } from "./guard.ts";
import { FieldError, Layout } from "./layout.tsx";
import {
  bodySchemaOf,
  Csrf,
  Flash,
  type FormState,
  formStateOf,
  readForm,
  redirectAfterPost,
  submitForm,
} from "./page-kit.tsx";
import { Countdown, DrillTag } from "./widgets.tsx";

async function NewReports(props: { c: Context<AppEnv> }) {
  const deps = props.c.get("deps");
  const { items } = await listCases(staffCtx(props.c), {
    status: "new",
    sort: "newest",
    limit: 50,
    offset: 0,
  });
  if (items.length === 0) return <p class="muted">没有待研判的新线索。</p>;
  return (
    <ul>
      {items.map((k) => (
        <li>
          <a href={`/console/cases/${k.id}`}>
            #{k.number} {k.title}
          </a>{" "}
          <DrillTag drill={k.drill} />
          <span class="muted">
            {" "}
            举报 {k.reportCount} 条 · 最近 {formatTime(k.lastReportAt ?? k.createdAt)} ·{" "}
          </span>
          <Countdown dueAt={k.dueAt} now={deps.now()} />
        </li>
      ))}
    </ul>
  );
}

async function SearchMisses(props: { c: Context<AppEnv>; state: FormState }) {
  const misses = await listSearchMisses(staffCtx(props.c), { limit: 100, offset: 0 });
  if (misses.length === 0) return <p class="muted">公众搜索暂时都找到了答案。</p>;
  const spec = openCaseFromSearchMissRoute["x-chorus-access"];
  const canOpen = "roles" in spec && hasAnyRole(consoleUser(props.c), spec.roles);
  return (
    <table class="responsive">
      <thead>
        <tr>
          <th scope="col">公众搜索</th>
          <th scope="col">次数</th>
          <th scope="col">最近</th>
          <th scope="col">处理</th>
        </tr>
      </thead>
      <tbody>
        {misses.map((m) => (
          <tr>
            <td data-label="公众搜索">{m.sample}</td>
            <td data-label="次数">{m.count}</td>
            <td data-label="最近">{formatTime(m.lastAt)}</td>
            <td data-label="处理">
              {m.caseId ? (
                <a href={`/console/cases/${m.caseId}`}>查看案件</a>
              ) : canOpen ? (
                <form method="post" action="/console/intake/search-misses">
                  <Csrf c={props.c} />
                  <input type="hidden" name="queryNorm" value={m.queryNorm} />
                  <button type="submit" class="secondary" aria-label={`为“${m.sample}”立案`}>
                    立案
                  </button>
                </form>
              ) : (
                <span class="muted">待协调员立案</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

async function intakePage(c: Context<AppEnv>, state: FormState = {}) {
  return (
    <Layout
      title="新线索与未命中搜索"
      user={consoleUser(c)}
      current="/console/cases"
      csrfToken={csrfToken(c)}
    >
      <h1>新线索与未命中搜索</h1>
      <Flash message={state.message} />
      <FieldError errors={state.errors} path="queryNorm" />
      <div class="grid">
        <section class="card" aria-labelledby="new-h">
          <h2 id="new-h">待研判的新线索</h2>
          {await NewReports({ c })}
        </section>
        <section class="card" aria-labelledby="miss-h">
          <h2 id="miss-h">公众搜索未找到答案</h2>
          <p class="muted">搜的人越多越靠前：辟谣库还没有回答的谣言的早期信号。</p>
          {await SearchMisses({ c, state })}
        </section>
      </div>
    </Layout>
  );
}

/** `/console/intake`: new reports waiting for triage and search misses, with "open a case". */
export function registerIntakePage(app: App): void {
  app.get("/console/intake", ...asOperation(listSearchMissesRoute), async (c) =>
    c.html(await intakePage(c, await formStateOf(c))),
  );

  app.post(
    "/console/intake/search-misses",
    ...asOperation(openCaseFromSearchMissRoute),
    async (c) => {
      const { raw } = await readForm(c);
      const input = { queryNorm: String(raw.queryNorm ?? "") };
      const result = await submitForm(bodySchemaOf(openCaseFromSearchMissRoute), input, (data) =>
        openCaseFromSearchMiss(staffCtx(c), data),
      );
      if (result.ok) return c.redirect(`/console/cases/${result.value.id}`, 303);
      return redirectAfterPost(c, "/console/intake", result);
    },
  );
}

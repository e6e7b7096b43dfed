import type { Context } from "hono";
import { listAuditEntries } from "../../access/audit.ts";
import { listAuditEntriesRoute } from "../../access/routes/list-audit-entries.ts";
import { csrfToken } from "../../auth/csrf.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { type FieldError as FieldErrorData, fieldErrors } from "../../http/errors.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { formatTime } from "../format.ts";
import { AdminNav, adminOnly } from "./admin-page.tsx";
import { consoleUser } from "./guard.ts";
import { FieldError, Layout } from "./layout.tsx";

type Entries = Awaited<ReturnType<typeof listAuditEntries>>;

const actorTypes = [
  ["user", "人员"],
  ["token", "API 令牌"],
  ["public", "公众"],
  ["system", "系统"],
] as const;
const dayStart = (d: string) => (/^\d{4}-\d\d-\d\d$/.test(d) ? `${d}T00:00:00+08:00` : d);
const dayEnd = (d: string) =>
  /^\d{4}-\d\d-\d\d$/.test(d) ? new Date(Date.parse(dayStart(d)) + 86_400_000).toISOString() : d;

function EntryTable(props: { entries: Entries }) {
  if (props.entries.items.length === 0) return <p class="card">没有符合条件的记录。</p>;
  return (
    <table class="responsive">
      <thead>
        <tr>
          <th scope="col">时间</th>
          <th scope="col">操作者</th>
          <th scope="col">动作</th>
          <th scope="col">对象</th>
          <th scope="col">详情</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.items.map((e) => (
          <tr>
            <td data-label="时间">{formatTime(e.occurredAt)}</td>
            <td data-label="操作者">
              {e.actor.label}
              {e.ip && <span class="muted"> · {e.ip}</span>}
            </td>
            <td data-label="动作">
              <code>{e.action}</code>
            </td>
            <td data-label="对象">
              {e.object ? `${e.object.type} ${e.object.id?.slice(0, 8) ?? ""}` : "—"}
            </td>
            <td data-label="详情">
              <details>
                <summary>#{e.id}</summary>
                <pre style="white-space:pre-wrap;max-width:40ch">
                  {JSON.stringify(e.data, null, 1)}
                </pre>
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Filters(props: { v: (k: string) => string; errors: FieldErrorData[] }) {
  const { v, errors } = props;
  return (
    <form method="get" action="/console/admin/audit" class="card">
      <label for="action">动作（如 case.triaged；以 . 结尾按前缀，如 user.）</label>
      <input id="action" name="action" value={v("action")} aria-describedby="action-error" />
      <FieldError errors={errors} path="action" />
      <label for="actorType">操作者类型</label>
      <select id="actorType" name="actorType">
        <option value="">全部</option>
        {actorTypes.map(([value, label]) => (
          <option value={value} selected={v("actorType") === value}>
            {label}
          </option>
        ))}
      </select>
      <label for="objectType">对象类型（如 case、user、subscription）</label>
      <input id="objectType" name="objectType" value={v("objectType")} />
      <FieldError errors={errors} path="objectType" />
      <label for="objectId">对象 ID</label>
      <input id="objectId" name="objectId" value={v("objectId")} />
      <label for="from">开始日期</label>
      <input id="from" name="from" type="date" value={v("from")} />
      <FieldError errors={errors} path="from" />
      <label for="to">结束日期</label>
      <input id="to" name="to" type="date" value={v("to")} />
      <FieldError errors={errors} path="to" />
      <p>
        <button type="submit">筛选</button>
      </p>
    </form>
  );
}

async function auditPage(c: Context<AppEnv>) {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, x]) => x !== ""));
  const query = {
    ...raw,
    ...(raw.from && { from: dayStart(raw.from) }),
    ...(raw.to && { to: dayEnd(raw.to) }),
  };
  const parsed = listAuditEntriesRoute.request.query.safeParse({ limit: "100", ...query });
  const errors = parsed.success ? [] : fieldErrors(parsed.error);
  let entries: Entries | undefined;
  if (parsed.success) {
    const { from, to, ...q } = parsed.data;
    entries = await listAuditEntries(staffCtx(c), {
      ...q,
      from: from ? new Date(from) : undefined,
      to: to ? new Date(to) : undefined,
    });
  }
  const v = (k: string) => String(raw[k] ?? "");
  const next = entries?.nextBeforeId
    ? `/console/admin/audit?${new URLSearchParams({ ...raw, beforeId: String(entries.nextBeforeId) })}`
    : undefined;
  const page = (
    <Layout
      title="审计日志"
      user={consoleUser(c)}
      current="/console/admin"
      csrfToken={csrfToken(c)}
    >
      <h1>审计日志</h1>
      <AdminNav current="/console/admin/audit" />
      <p class="muted">只增不改，逐条哈希链接；可用 npm run audit:verify 校验是否被篡改。</p>
      <Filters v={v} errors={errors} />
      {errors.length > 0 && (
        <p class="alert" role="alert">
          请检查标出的筛选条件
        </p>
      )}
      {entries && <EntryTable entries={entries} />}
      {next && (
        <p>
          <a href={next}>更早的记录</a>
        </p>
      )}
    </Layout>
  );
  return { page, ok: parsed.success };
}

/** Admin: the audit trail, newest first, with filters (listAuditEntries). */
export function registerAdminAuditPage(app: App): void {
  app.get("/console/admin/audit", ...adminOnly, async (c) => {
    const { page, ok } = await auditPage(c);
    return c.html(page, ok ? 200 : 400);
  });
}

import type { Context } from "hono";
import { listOrganisations } from "../../access/organisations.ts";
import { listUsersRoute } from "../../access/routes/list-users.ts";
import { listUsers } from "../../access/users.ts";
import type { AppEnv } from "../../http/env.ts";
import { fieldErrors } from "../../http/errors.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { roleLabel, roles } from "../../vocabulary/roles.ts";
import { FieldError } from "./layout.tsx";

/** The people table with its filter form (GET; the listUsers query schema checks it). */
export async function PeopleList(props: { c: Context<AppEnv> }) {
  const raw = Object.fromEntries(
    Object.entries(props.c.req.query()).filter(([, value]) => value !== ""),
  );
  const parsed = listUsersRoute.request.query.safeParse({ limit: "200", ...raw });
  const errors = parsed.success ? [] : fieldErrors(parsed.error);
  const filters = parsed.success ? parsed.data : { limit: 200, offset: 0 };
  const { active, ...rest } = filters as typeof filters & { active?: string };
  const [people, orgs] = await Promise.all([
    listUsers(staffCtx(props.c), {
      ...rest,
      active: active === undefined ? undefined : active === "true",
    }),
    listOrganisations(staffCtx(props.c), {}),
  ]);
  const v = (k: string) => String(raw[k] ?? "");
  return (
    <>
      <form method="get" action="/console/admin/people" class="card">
        <label for="q">姓名或邮箱</label>
        <input id="q" name="q" value={v("q")} />
        <FieldError errors={errors} path="q" />
        <label for="role">角色</label>
        <select id="role" name="role">
          <option value="">全部</option>
          {roles.map((r) => (
            <option value={r} selected={v("role") === r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
        <label for="filter-org">单位</label>
        <select id="filter-org" name="organisationId">
          <option value="">全部</option>
          {orgs.items.map((o) => (
            <option value={o.id} selected={v("organisationId") === o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <p>
          <button type="submit">筛选</button> <a href="/console/admin/people/new">新增人员</a>
        </p>
      </form>
      <p class="muted">共 {people.total} 人</p>
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">姓名</th>
            <th scope="col">单位</th>
            <th scope="col">角色</th>
            <th scope="col">专长</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {people.items.map((p) => (
            <tr>
              <td data-label="姓名">
                <a href={`/console/admin/people/${p.id}`}>{p.name}</a>
                <br />
                <span class="muted">{p.email}</span>
              </td>
              <td data-label="单位">{p.organisation.name}</td>
              <td data-label="角色">{p.roles.map((r) => roleLabel(r)).join("、")}</td>
              <td data-label="专长">{p.expertise.join("、")}</td>
              <td data-label="状态">{p.active ? "在用" : "已停用"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

import type { Context } from "hono";
import { listOrganisations } from "../../access/organisations.ts";
import { createUserRoute } from "../../access/routes/create-user.ts";
import { updateUserRoute } from "../../access/routes/update-user.ts";
import { createUser, getUser, type UserInput, updateUser } from "../../access/users.ts";
import { csrfToken } from "../../auth/csrf.ts";
import { listCategories } from "../../content/reference-lists.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { roleLabel, roles } from "../../vocabulary/roles.ts";
import { AdminNav } from "./admin-page.tsx";
import { PeopleList } from "./admin-people-list.tsx";
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

type Person = Awaited<ReturnType<typeof getUser>>;

function Checkboxes(props: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  chosen: Set<string>;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label style="font-weight:normal">
          <input
            type="checkbox"
            name={props.name}
            value={o.value}
            checked={props.chosen.has(o.value)}
            style="width:auto"
          />{" "}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

async function PersonForm(props: { c: Context<AppEnv>; state?: FormState; person?: Person }) {
  const deps = props.c.get("deps");
  const [orgs, categories] = await Promise.all([
    listOrganisations(staffCtx(props.c), {}),
    listCategories({ deps }),
  ]);
  const { state, person } = props;
  const v = (k: string, stored = "") => fieldValue(state, k, stored);
  const list = (k: "roles" | "expertise") =>
    new Set(state?.values ? [state.values[k] ?? []].flat() : (person?.[k] ?? []));
  const errors = state?.errors;
  return (
    <form
      method="post"
      action={person ? `/console/admin/people/${person.id}` : "/console/admin/people/new"}
      class="card"
    >
      <Flash message={state?.message} />
      <Csrf c={props.c} />
      <label for="name">姓名</label>
      <input id="name" name="name" required value={v("name", person?.name)} />
      <FieldError errors={errors} path="name" />
      <label for="email">邮箱</label>
      <input id="email" name="email" type="email" required value={v("email", person?.email)} />
      <FieldError errors={errors} path="email" />
      <label for="organisationId">单位</label>
      <select id="organisationId" name="organisationId">
        {orgs.items.map((o) => (
          <option value={o.id} selected={v("organisationId", person?.organisation.id) === o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <FieldError errors={errors} path="organisationId" />
      <Checkboxes
        name="roles"
        legend="角色"
        options={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
        chosen={list("roles")}
      />
      <FieldError errors={errors} path="roles" />
      <Checkboxes
        name="expertise"
        legend="专长（研判时据此推荐专家）"
        options={categories.map((k) => ({ value: k.slug, label: k.name }))}
        chosen={list("expertise")}
      />
      <FieldError errors={errors} path="expertise" />
      <label for="password">
        {person ? "重设密码（留空不改）" : "初始密码（可留空，之后再设）"}
      </label>
      <input id="password" name="password" type="password" autocomplete="new-password" />
      <FieldError errors={errors} path="password" />
      <p>
        <button type="submit">保存</button>
      </p>
    </form>
  );
}

async function personPage(c: Context<AppEnv>, id: string | undefined, state?: FormState) {
  const person = id ? await getUser(staffCtx(c), { id }) : undefined;
  const title = person ? person.name : "新增人员";
  const notice = c.req.query("saved") ? "已保存。" : undefined;
  return (
    <Layout title={title} user={consoleUser(c)} current="/console/admin" csrfToken={csrfToken(c)}>
      <h1>
        {title} {person && !person.active && <span class="tag">已停用</span>}
      </h1>
      <AdminNav current="/console/admin/people" />
      <Flash notice={notice} />
      {await PersonForm({ c, state, person })}
      {person && (
        <form method="post" action={`/console/admin/people/${person.id}/active`} class="card">
          <Csrf c={c} />
          <input type="hidden" name="active" value={person.active ? "false" : "true"} />
          <p class="muted">
            {person.active ? "停用后此人立即退出所有登录，不能再登录。" : "恢复后此人可再次登录。"}
          </p>
          <button type="submit" class={person.active ? "danger" : ""}>
            {person.active ? "停用账号" : "恢复账号"}
          </button>
        </form>
      )}
    </Layout>
  );
}

async function personInput(c: Context<AppEnv>) {
  const { one, many } = await readForm(c);
  const values = {
    name: one("name"),
    email: one("email"),
    organisationId: one("organisationId"),
    roles: many("roles"),
    expertise: many("expertise"),
  };
  const password = one("password");
  return { values, input: { ...values, ...(password && { password }) } };
}

/** Admin: people — list and filter, create, edit roles and expertise, deactivate. */
export function registerAdminPeoplePages(app: App): void {
  const base = "/console/admin/people";
  const create = asOperation(createUserRoute);
  const update = asOperation(updateUserRoute);
  app.get(base, ...create, async (c) =>
    c.html(
      <Layout title="人员" user={consoleUser(c)} current="/console/admin" csrfToken={csrfToken(c)}>
        <h1>人员</h1>
        <AdminNav current={base} />
        {await PeopleList({ c })}
      </Layout>,
    ),
  );
  app.get(`${base}/new`, ...create, async (c) =>
    c.html(await personPage(c, undefined, await formStateOf(c))),
  );

  app.post(`${base}/new`, ...create, async (c) => {
    const { values, input } = await personInput(c);
    const result = await submitForm(bodySchemaOf(createUserRoute), input, (data) =>
      createUser(staffCtx(c), data),
    );
    if (result.ok) return c.redirect(`${base}/${result.value.id}?saved=1`, 303);
    return redirectAfterPost(c, `${base}/new`, { ...result, values });
  });

  app.get(`${base}/:id`, ...update, async (c) =>
    c.html(await personPage(c, idParam(c), await formStateOf(c))),
  );

  app.post(`${base}/:id`, ...update, async (c) => {
    const id = idParam(c);
    const { values, input } = await personInput(c);
    const result = await submitForm(
      bodySchemaOf(updateUserRoute),
      input,
      (data: Partial<UserInput>) => updateUser(staffCtx(c), { ...data, id }),
    );
    if (result.ok) return c.redirect(`${base}/${id}?saved=1`, 303);
    return redirectAfterPost(c, `${base}/${id}`, { ...result, values });
  });

  app.post(`${base}/:id/active`, ...update, async (c) => {
    const id = idParam(c);
    const { one } = await readForm(c);
    const result = await submitForm(
      bodySchemaOf(updateUserRoute),
      { active: one("active") === "true" },
      (data: Partial<UserInput>) => updateUser(staffCtx(c), { ...data, id }),
    );
    if (result.ok) return c.redirect(`${base}/${id}?saved=1`, 303);
    return redirectAfterPost(c, `${base}/${id}`, result);
  });
}

import type { Context } from "hono";
import {
  createOrganisation,
  listOrganisations,
  type OrganisationInput,
  updateOrganisation,
} from "../../access/organisations.ts";
import { createOrganisationRoute } from "../../access/routes/create-organisation.ts";
import { updateOrganisationRoute } from "../../access/routes/update-organisation.ts";
import { csrfToken } from "../../auth/csrf.ts";
import { listRegions } from "../../content/reference-lists.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { AppError } from "../../http/errors.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import {
  organisationKindLabel,
  organisationKindLabels,
  organisationKinds,
} from "../../vocabulary/organisation-kinds.ts";
import { AdminNav } from "./admin-page.tsx";
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

type Organisation = Awaited<ReturnType<typeof listOrganisations>>["items"][number];

async function OrganisationForm(props: {
  c: Context<AppEnv>;
  action: string;
  state?: FormState;
  org?: Organisation;
}) {
  const regions = await listRegions({ deps: props.c.get("deps") });
  const v = (k: keyof Organisation) => fieldValue(props.state, k, String(props.org?.[k] ?? ""));
  return (
    <form method="post" action={props.action} class="card">
      <h2>{props.org ? "修改单位" : "新增单位"}</h2>
      <Flash message={props.state?.message} />
      <Csrf c={props.c} />
      <label for="name">名称</label>
      <input id="name" name="name" required maxlength={100} value={v("name")} />
      <FieldError errors={props.state?.errors} path="name" />
      <label for="slug">标识（小写字母、数字和连字符，审核链据此指定单位）</label>
      <input id="slug" name="slug" required maxlength={64} value={v("slug")} />
      <FieldError errors={props.state?.errors} path="slug" />
      <label for="kind">类型</label>
      <select id="kind" name="kind">
        {organisationKinds.map((k) => (
          <option value={k} selected={v("kind") === k}>
            {organisationKindLabels[k]}
          </option>
        ))}
      </select>
      <FieldError errors={props.state?.errors} path="kind" />
      <label for="regionCode">所在地区</label>
      <select id="regionCode" name="regionCode">
        {regions.map((r) => (
          <option value={r.code} selected={v("regionCode") === r.code}>
            {r.name}
          </option>
        ))}
      </select>
      <FieldError errors={props.state?.errors} path="regionCode" />
      <p>
        <button type="submit">保存</button>
      </p>
    </form>
  );
}

async function organisationsPage(c: Context<AppEnv>, state?: FormState) {
  const { items } = await listOrganisations(staffCtx(c), {});
  return (
    <Layout title="单位" user={consoleUser(c)} current="/console/admin" csrfToken={csrfToken(c)}>
      <h1>单位</h1>
      <AdminNav current="/console/admin/organisations" />
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col">标识</th>
            <th scope="col">类型</th>
            <th scope="col">人数</th>
          </tr>
        </thead>
        <tbody>
          {items.map((o) => (
            <tr>
              <td data-label="名称">
                <a href={`/console/admin/organisations/${o.id}`}>{o.name}</a>
              </td>
              <td data-label="标识">
                <code>{o.slug}</code>
              </td>
              <td data-label="类型">{organisationKindLabel(o.kind)}</td>
              <td data-label="人数">{o.userCount ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {await OrganisationForm({ c, action: "/console/admin/organisations", state })}
    </Layout>
  );
}

async function organisationPage(c: Context<AppEnv>, id: string, state?: FormState) {
  const { items } = await listOrganisations(staffCtx(c), {});
  const org = items.find((o) => o.id === id);
  if (!org) throw new AppError("not_found", "单位不存在");
  return (
    <Layout
      title={org.name}
      user={consoleUser(c)}
      current="/console/admin"
      csrfToken={csrfToken(c)}
    >
      <h1>{org.name}</h1>
      <AdminNav current="/console/admin/organisations" />
      <Flash notice={c.req.query("saved") ? "已保存。" : undefined} />
      <p>
        <a href={`/console/admin/people?organisationId=${org.id}`}>查看本单位人员</a>
      </p>
      {await OrganisationForm({ c, action: `/console/admin/organisations/${id}`, state, org })}
    </Layout>
  );
}

const formValues = async (c: Context<AppEnv>) => {
  const { one } = await readForm(c);
  return { name: one("name"), slug: one("slug"), kind: one("kind"), regionCode: one("regionCode") };
};

/** Admin: organisations — list, create, edit (createOrganisation, updateOrganisation). */
export function registerAdminOrganisationPages(app: App): void {
  const base = "/console/admin/organisations";
  app.get(base, ...asOperation(createOrganisationRoute), async (c) =>
    c.html(await organisationsPage(c, await formStateOf(c))),
  );

  app.post(base, ...asOperation(createOrganisationRoute), async (c) => {
    const values = await formValues(c);
    const result = await submitForm(bodySchemaOf(createOrganisationRoute), values, (data) =>
      createOrganisation(staffCtx(c), data),
    );
    if (result.ok) return c.redirect(`${base}/${result.value.id}`, 303);
    return redirectAfterPost(c, base, { ...result, values });
  });

  app.get(`${base}/:id`, ...asOperation(updateOrganisationRoute), async (c) => {
    return c.html(await organisationPage(c, idParam(c), await formStateOf(c)));
  });

  app.post(`${base}/:id`, ...asOperation(updateOrganisationRoute), async (c) => {
    const id = idParam(c);
    const values = await formValues(c);
    const result = await submitForm(
      bodySchemaOf(updateOrganisationRoute),
      values,
      (data: Partial<OrganisationInput>) => updateOrganisation(staffCtx(c), { ...data, id }),
    );
    if (result.ok) return c.redirect(`${base}/${id}?saved=1`, 303);
    return redirectAfterPost(c, `${base}/${id}`, { ...result, values });
  });
}

import type { Context } from "hono";
import { csrfToken } from "../../auth/csrf.ts";
import { createCase } from "../../cases/create-case.ts";
import { CaseInput, createCaseRoute } from "../../cases/routes/create-case.ts";
import { listCategories, listRegions } from "../../content/reference-lists.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { urgencies, urgencyLabels } from "../../vocabulary/urgencies.ts";
import { asOperation, consoleUser } from "./guard.ts";
import { FieldError, Layout } from "./layout.tsx";
import {
  Csrf,
  Flash,
  type FormState,
  fieldValue,
  formStateOf,
  readForm,
  redirectAfterPost,
  submitForm,
} from "./page-kit.tsx";
import { CategorySelect, RegionSelect } from "./widgets.tsx";

async function newCasePage(c: Context<AppEnv>, state: FormState = {}) {
  const deps = c.get("deps");
  const [categories, regions] = await Promise.all([
    listCategories({ deps }),
    listRegions({ deps }),
  ]);
  const v = (k: string) => fieldValue(state, k);
  return (
    <Layout
      title="主动发起案件"
      user={consoleUser(c)}
      current="/console/cases"
      csrfToken={csrfToken(c)}
    >
      <h1>主动发起案件（主动发声）</h1>
      <p class="muted">
        在谣言出现之前先行科普，例如台风来临、疫苗接种启动。案件随后走同样的研判与审核流程。
      </p>
      <Flash message={state.message} />
      <form method="post" action="/console/cases/new" class="card" data-draft-key="new-case">
        <Csrf c={c} />
        <label for="title">标题</label>
        <input id="title" name="title" required maxlength={200} value={v("title")} />
        <FieldError errors={state.errors} path="title" />
        <label for="description">说明（可选）</label>
        <textarea id="description" name="description">
          {v("description")}
        </textarea>
        <FieldError errors={state.errors} path="description" />
        <label for="category">类别（可稍后研判时确定）</label>
        <CategorySelect
          id="category"
          categories={categories}
          selected={v("category")}
          empty="暂不确定"
        />
        <FieldError errors={state.errors} path="category" />
        <label for="urgency">紧急程度</label>
        <select id="urgency" name="urgency">
          <option value="">暂不定级</option>
          {urgencies.map((u) => (
            <option value={String(u)} selected={v("urgency") === String(u)}>
              {urgencyLabels[u]}
            </option>
          ))}
        </select>
        <label for="region">地区</label>
        <RegionSelect id="region" regions={regions} selected={v("region")} empty="暂不确定" />
        <FieldError errors={state.errors} path="region" />
        <label style="font-weight:normal">
          <input
            type="checkbox"
            name="drill"
            value="true"
            checked={v("drill") === "true"}
            style="width:auto"
          />{" "}
          这是演练（全程标注“演练”，不进入公开辟谣库）
        </label>
        <p>
          <button type="submit">发起案件</button>
        </p>
      </form>
    </Layout>
  );
}

/** `/console/cases/new`: a coordinator opens a case before any report arrives (createCase). */
export function registerNewCasePage(app: App): void {
  const allowed = asOperation(createCaseRoute);
  app.get("/console/cases/new", ...allowed, async (c) =>
    c.html(await newCasePage(c, await formStateOf(c))),
  );

  app.post("/console/cases/new", ...allowed, async (c) => {
    const { one } = await readForm(c);
    const values = {
      title: one("title"),
      description: one("description"),
      category: one("category"),
      urgency: one("urgency"),
      region: one("region"),
      drill: one("drill"),
    };
    const input = {
      title: values.title,
      ...(values.description && { description: values.description }),
      ...(values.category && { category: values.category }),
      ...(values.urgency && { urgency: Number(values.urgency) }),
      ...(values.region && { region: values.region }),
      drill: values.drill === "true",
    };
    const result = await submitForm(CaseInput, input, (data) => createCase(staffCtx(c), data));
    if (result.ok) return c.redirect(`/console/cases/${result.value.id}`, 303);
    return redirectAfterPost(c, "/console/cases/new", { ...result, values });
  });
}

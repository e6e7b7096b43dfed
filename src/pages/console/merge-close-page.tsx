import type { Context } from "hono";
import { csrfToken } from "../../auth/csrf.ts";
import { type CloseCaseInput, closeCase } from "../../cases/close-case.ts";
import { getCase } from "../../cases/get-case.ts";
import { listCases } from "../../cases/list-cases.ts";
import { mergeCase } from "../../cases/merge-case.ts";
import { closeCaseRoute } from "../../cases/routes/close-case.ts";
import { mergeCaseRoute } from "../../cases/routes/merge-case.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
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
import { StatusTag } from "./widgets.tsx";

const closeReasonLabels: Record<string, string> = {
  rejected: "不是谣言或不予处理",
  out_of_scope: "不属于本平台处理范围",
  answered: "已有答复（如已有辟谣或权威发布）",
};

async function mergeClosePage(
  c: Context<AppEnv>,
  id: string,
  state: { merge?: FormState; close?: FormState } = {},
) {
  const user = consoleUser(c);
  const theCase = await getCase(staffCtx(c), { id });
  const open = await listCases(staffCtx(c), {
    status: "open",
    sort: "newest",
    limit: 200,
    offset: 0,
  });
  const targets = open.items.filter((o) => o.id !== id && o.drill === theCase.drill);
  const { merge, close } = state;
  return (
    <Layout
      title={`合并或关闭 #${theCase.number}`}
      user={user}
      current="/console/cases"
      csrfToken={csrfToken(c)}
    >
      <h1>
        合并或关闭：<a href={`/console/cases/${id}`}>#{theCase.number}</a> {theCase.title}
      </h1>
      <p>
        <StatusTag status={theCase.status} /> · 举报 {theCase.reportCount} 条
      </p>
      {theCase.status === "closed" && <p class="notice">这个案件已关闭。</p>}
      <div class="grid">
        <form method="post" action={`/console/cases/${id}/merge`} class="card">
          <h2>合并到另一案件</h2>
          <p class="muted">重复线索：本案的举报全部移入目标案件，本案以“重复”关闭。</p>
          <Flash message={merge?.message} />
          <Csrf c={c} />
          <label for="intoCaseId">目标案件</label>
          <select id="intoCaseId" name="intoCaseId" aria-describedby="intoCaseId-error">
            <option value="">请选择</option>
            {targets.map((t) => (
              <option value={t.id} selected={fieldValue(merge, "intoCaseId") === t.id}>
                #{t.number} {t.title}
              </option>
            ))}
          </select>
          <FieldError errors={merge?.errors} path="intoCaseId" />
          <p>
            <button type="submit">合并</button>
          </p>
        </form>
        <form method="post" action={`/console/cases/${id}/close`} class="card">
          <h2>关闭案件</h2>
          <Flash message={close?.message} />
          <Csrf c={c} />
          <fieldset>
            <legend>关闭原因</legend>
            {Object.entries(closeReasonLabels).map(([value, label]) => (
              <label style="font-weight:normal">
                <input
                  type="radio"
                  name="reason"
                  value={value}
                  checked={fieldValue(close, "reason") === value}
                  style="width:auto"
                />{" "}
                {label}
              </label>
            ))}
          </fieldset>
          <FieldError errors={close?.errors} path="reason" />
          <label for="note">说明</label>
          <textarea id="note" name="note" aria-describedby="note-error">
            {fieldValue(close, "note")}
          </textarea>
          <FieldError errors={close?.errors} path="note" />
          <p>
            <button type="submit" class="danger">
              关闭案件
            </button>
          </p>
        </form>
      </div>
    </Layout>
  );
}

/** Merge a duplicate into another case, or close one with a reason (mergeCase, closeCase). */
export function registerMergeClosePages(app: App): void {
  app.get("/console/cases/:id/close", ...asOperation(closeCaseRoute), async (c) => {
    const state = await formStateOf(c);
    const shown = state && { [state.form === "merge" ? "merge" : "close"]: state };
    return c.html(await mergeClosePage(c, idParam(c), shown as never));
  });

  app.post("/console/cases/:id/merge", ...asOperation(mergeCaseRoute), async (c) => {
    const id = idParam(c);
    const { one } = await readForm(c);
    const values = { intoCaseId: one("intoCaseId") };
    const result = await submitForm(
      bodySchemaOf(mergeCaseRoute),
      values,
      (data: { intoCaseId: string }) => mergeCase(staffCtx(c), { ...data, id }),
    );
    if (result.ok) return c.redirect(`/console/cases/${result.value.into.id}?merged=1`, 303);
    return redirectAfterPost(c, `/console/cases/${id}/close`, {
      form: "merge",
      ...result,
      values,
    });
  });

  app.post("/console/cases/:id/close", ...asOperation(closeCaseRoute), async (c) => {
    const id = idParam(c);
    const { one } = await readForm(c);
    const values = { reason: one("reason"), note: one("note") };
    const input = { reason: values.reason, ...(values.note && { note: values.note }) };
    const result = await submitForm(
      bodySchemaOf(closeCaseRoute),
      input,
      (data: Omit<CloseCaseInput, "id">) => closeCase(staffCtx(c), { ...data, id }),
    );
    if (result.ok) return c.redirect(`/console/cases/${id}`, 303);
    return redirectAfterPost(c, `/console/cases/${id}/close`, {
      form: "close",
      ...result,
      values,
    });
  });
}

import type { Context } from "hono";
import { createApiToken, listApiTokens, revokeApiToken } from "../../access/api-tokens.ts";
import { mediaGrantableScopes } from "../../access/policy.ts";
import { createApiTokenRoute } from "../../access/routes/create-api-token.ts";
import { listApiTokensRoute } from "../../access/routes/list-api-tokens.ts";
import { revokeApiTokenRoute } from "../../access/routes/revoke-api-token.ts";
import { type Scope, scopes } from "../../auth/actor.ts";
import { csrfToken } from "../../auth/csrf.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { formatTime } from "../format.ts";
import { asOperation, consoleUser } from "./guard.ts";
import { FieldError, Layout } from "./layout.tsx";
import { formAction } from "./page-errors.ts";
import {
  bodySchemaOf,
  Csrf,
  Flash,
  type FormState,
  formStateOf,
  idParam,
  readForm,
  redirectAfterPost,
  submitForm,
} from "./page-kit.tsx";

const scopeLabels: Record<Scope, string> = {
  "feed:read": "读取实时消息流（feed:read）",
  "subscriptions:manage": "管理订阅（subscriptions:manage）",
  "deliveries:read": "查看投递记录（deliveries:read）",
  "library:import": "导入辟谣库（library:import）",
};

async function tokensPage(c: Context<AppEnv>, state: FormState & { token?: string } = {}) {
  const user = consoleUser(c);
  const { items } = await listApiTokens(staffCtx(c), { includeRevoked: true });
  const grantable = user.roles.includes("admin") ? scopes : mediaGrantableScopes;
  const chosen = new Set([state.values?.scopes ?? []].flat());
  return (
    <Layout title="API 令牌" user={user} current="/console/media" csrfToken={csrfToken(c)}>
      <h1>API 令牌</h1>
      <p class="muted">
        供本单位的系统接入 Chorus（如 CMS 拉取消息流）。令牌只在创建时显示一次。
        <a href="/console/media">返回媒体中心</a>
      </p>
      <Flash message={state.message} />
      {state.token && (
        <p class="notice" role="status">
          令牌已创建，只显示这一次，请立即保存：<code id="new-token">{state.token}</code>
        </p>
      )}
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col">权限</th>
            <th scope="col">创建</th>
            <th scope="col">最近使用</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <tr>
              <td data-label="名称">{t.name}</td>
              <td data-label="权限">{t.scopes.join("、")}</td>
              <td data-label="创建">{formatTime(t.createdAt)}</td>
              <td data-label="最近使用">{formatTime(t.lastUsedAt)}</td>
              <td data-label="状态">
                {t.revokedAt ? (
                  `已吊销 ${formatTime(t.revokedAt)}`
                ) : (
                  <form method="post" action={`/console/media/tokens/${t.id}/revoke`}>
                    <Csrf c={c} />
                    <button type="submit" class="danger" aria-label={`吊销令牌“${t.name}”`}>
                      吊销
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/console/media/tokens" class="card">
        <h2>创建令牌</h2>
        <Csrf c={c} />
        <label for="name">名称（用途）</label>
        <input
          id="name"
          name="name"
          required
          maxlength={100}
          value={String(state.values?.name ?? "")}
        />
        <FieldError errors={state.errors} path="name" />
        <fieldset>
          <legend>权限</legend>
          {grantable.map((s) => (
            <label style="font-weight:normal">
              <input
                type="checkbox"
                name="scopes"
                value={s}
                checked={chosen.has(s)}
                style="width:auto"
              />{" "}
              {scopeLabels[s]}
            </label>
          ))}
        </fieldset>
        <FieldError errors={state.errors} path="scopes" />
        <p>
          <button type="submit">创建令牌</button>
        </p>
      </form>
    </Layout>
  );
}

/** `/console/media/tokens`: the organisation's API tokens; create (shown once) and revoke. */
export function registerApiTokenPages(app: App): void {
  app.get("/console/media/tokens", ...asOperation(listApiTokensRoute), async (c) =>
    c.html(await tokensPage(c, await formStateOf(c))),
  );

  app.post("/console/media/tokens", ...asOperation(createApiTokenRoute), async (c) => {
    const { one, many } = await readForm(c);
    const values = { name: one("name"), scopes: many("scopes") };
    const result = await submitForm(bodySchemaOf(createApiTokenRoute), values, (data) =>
      createApiToken(staffCtx(c), data),
    );
    if (result.ok) return c.html(await tokensPage(c, { token: result.value.token }), 201);
    return redirectAfterPost(c, "/console/media/tokens", { ...result, values });
  });

  app.post("/console/media/tokens/:id/revoke", ...asOperation(revokeApiTokenRoute), async (c) => {
    const result = await formAction(() => revokeApiToken(staffCtx(c), { id: idParam(c) }));
    if (result.ok) return c.redirect("/console/media/tokens", 303);
    return redirectAfterPost(c, "/console/media/tokens", result);
  });
}

import type { Context } from "hono";
import { raw } from "hono/html";
import { csrfToken } from "../../auth/csrf.ts";
import { getCase } from "../../cases/get-case.ts";
import type { App, AppEnv } from "../../http/env.ts";
import type { FieldError } from "../../http/errors.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { listCoSignerOptions } from "../../review/co-signer-options.ts";
import { createRevision } from "../../review/create-revision.ts";
import { getRevision, listRevisions } from "../../review/read-revisions.ts";
import { createRevisionRoute } from "../../review/routes/create-revision.ts";
import { submitRevisionRoute } from "../../review/routes/submit-revision.ts";
import { submitRevision } from "../../review/submit-revision.ts";
import type { RevisionView } from "../../review/views.ts";
import { renderMarkdown } from "../../text/markdown.ts";
import { rebuttalKindLabels, rebuttalKinds } from "../../vocabulary/rebuttal-kinds.ts";
import { verdictLabels, verdicts } from "../../vocabulary/verdicts.ts";
import { asOperation, consoleUser } from "./guard.ts";
import { FieldError as FieldErrorView, Layout } from "./layout.tsx";
import { formAction } from "./page-errors.ts";
import { formStateOf, redirectAfterPost } from "./page-kit.tsx";

type Values = Record<string, string | string[]>;

/** Sources are typed one per line as "标题 | https://…". */
function parseSources(text: string) {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.lastIndexOf("|");
      return at < 0
        ? { title: l, url: "" }
        : { title: l.slice(0, at).trim(), url: l.slice(at + 1).trim() };
    });
}

function valuesOf(r: RevisionView | undefined): Values {
  if (!r) return { kind: "rebuttal" };
  return {
    kind: r.kind,
    claim: r.claim ?? "",
    verdict: r.verdict ?? "",
    title: r.title,
    summary: r.summary,
    body: r.body,
    sources: (r.sources as { title: string; url: string }[])
      .map((s) => `${s.title} | ${s.url}`)
      .join("\n"),
    coSignerOrgIds: r.coSignerOrgIds,
    tags: r.tags.join("，"),
  };
}

type DraftState = { values?: Values; errors?: FieldError[]; message?: string; preview?: boolean };

async function draftPage(c: Context<AppEnv>, caseId: string, state: DraftState = {}) {
  const user = consoleUser(c);
  const ctx = staffCtx(c);
  const theCase = await getCase(ctx, { id: caseId });
  const revisions = (await listRevisions(ctx, { caseId })).items;
  const latest = revisions.at(-1);
  const latestFull = latest ? await getRevision(ctx, { id: latest.id }) : undefined;
  const comments = (latestFull?.rounds ?? []).flatMap((r) => r.decisions.filter((d) => d.comment));
  const options = (await listCoSignerOptions(ctx, { caseId })).items;
  const able = options.filter((o) => o.canCoSign);
  const unable = options.filter((o) => !o.canCoSign);
  const v = state.values ?? valuesOf(latest);
  const str = (k: string) => String([v[k] ?? ""].flat()[0] ?? "");
  const coSigners = new Set([v.coSignerOrgIds ?? []].flat());
  const csrf = csrfToken(c) ?? "";
  return (
    <Layout
      title={`撰写 · #${theCase.number}`}
      user={user}
      current="/console/my-cases"
      csrfToken={csrf}
    >
      <h1>
        撰写稿件 · #{theCase.number} {theCase.title}
      </h1>
      {state.message && (
        <p class="alert" role="alert">
          {state.message}
        </p>
      )}
      {latest && latest.status === "draft" && (
        <form method="post" action={`/console/revisions/${latest.id}/submit`} class="notice">
          <input type="hidden" name="_csrf" value={csrf} />第 {latest.number} 版已保存。{" "}
          <button type="submit">提交审核</button>
        </form>
      )}
      <div class="grid">
        <form
          method="post"
          action={`/console/cases/${caseId}/draft`}
          class="card"
          data-draft-key={`case-${caseId}`}
          data-saved={c.req.query("saved") === "1" ? "1" : undefined}
        >
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="baseRevisionId" value={latest?.id ?? ""} />
          <label for="kind">类型</label>
          <select id="kind" name="kind">
            {rebuttalKinds.map((k) => (
              <option value={k} selected={str("kind") === k}>
                {rebuttalKindLabels[k]}
              </option>
            ))}
          </select>
          <label for="claim">谣言内容（辟谣稿必填）</label>
          <input id="claim" name="claim" value={str("claim")} />
          <FieldErrorView errors={state.errors} path="claim" />
          <label for="verdict">结论</label>
          <select id="verdict" name="verdict">
            <option value="">—</option>
            {verdicts.map((k) => (
              <option value={k} selected={str("verdict") === k}>
                {verdictLabels[k]}
              </option>
            ))}
          </select>
          <FieldErrorView errors={state.errors} path="verdict" />
          <label for="title">标题</label>
          <input id="title" name="title" required value={str("title")} />
          <FieldErrorView errors={state.errors} path="title" />
          <label for="summary">摘要（用于短信、微博和推送，最多 140 字）</label>
          <textarea
            id="summary"
            name="summary"
            data-max-chars="140"
            required
            style="min-height:4rem"
          >
            {str("summary")}
          </textarea>
          <output data-counter-for="summary" aria-live="polite"></output>
          <FieldErrorView errors={state.errors} path="summary" />
          <label for="body">正文（Markdown）</label>
          <textarea id="body" name="body" required style="min-height:14rem">
            {str("body")}
          </textarea>
          <FieldErrorView errors={state.errors} path="body" />
          <label for="sources">来源（每行一条：标题 | 网址）</label>
          <textarea id="sources" name="sources" style="min-height:5rem">
            {str("sources")}
          </textarea>
          {(state.errors ?? [])
            .filter((e) => e.path.startsWith("sources"))
            .map((e) => (
              <p class="field-error">{e.message}</p>
            ))}
          <fieldset aria-describedby="co-signers-help">
            <legend>联合发布单位</legend>
            <p id="co-signers-help" class="muted">
              勾选的单位会在发布前由其审核人确认，并在发布时署名。只列出目前有人可以确认的单位。
            </p>
            {able.map((o) => (
              <label style="font-weight:normal">
                <input
                  type="checkbox"
                  name="coSignerOrgIds"
                  value={o.id}
                  checked={coSigners.has(o.id)}
                  style="width:auto"
                />{" "}
                {o.name}
              </label>
            ))}
            {unable.length > 0 && (
              <details>
                <summary>暂不能联合发布的单位（{unable.length}）</summary>
                <p class="muted">{unable[0]!.reason}</p>
                <ul data-unable-co-signers>
                  {unable.map((o) => (
                    <li>{o.name}</li>
                  ))}
                </ul>
              </details>
            )}
          </fieldset>
          <label for="tags">标签（用逗号分隔）</label>
          <input id="tags" name="tags" value={str("tags")} />
          <p>
            <button type="submit" name="action" value="preview" class="secondary">
              预览
            </button>{" "}
            <button type="submit" name="action" value="save">
              保存为新版本
            </button>
          </p>
        </form>
        <aside class="card" aria-label="预览与审核意见">
          <h2>预览</h2>
          {state.preview || str("body") ? (
            <div>{raw(renderMarkdown(str("body")))}</div>
          ) : (
            <p class="muted">保存或预览后显示。</p>
          )}
          <h2>审核意见</h2>
          {comments.length === 0 ? (
            <p class="muted">暂无。</p>
          ) : (
            <ul>
              {comments.map((d) => (
                <li>
                  {d.reviewerName}（{d.organisationName}）：{d.comment}
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </Layout>
  );
}

/** The expert's drafting page: Markdown with preview, sources, co-signers, the 140-character summary. */
export function registerDraftPages(app: App): void {
  app.get("/console/cases/:id/draft", ...asOperation(createRevisionRoute), async (c) => {
    const state = await formStateOf(c);
    return c.html(await draftPage(c, c.req.param("id"), state as DraftState | undefined));
  });

  app.post("/console/cases/:id/draft", ...asOperation(createRevisionRoute), async (c) => {
    const caseId = c.req.param("id");
    const form = await c.req.parseBody({ all: true });
    const one = (k: string) => String([form[k] ?? ""].flat()[0] ?? "");
    const values: Values = Object.fromEntries(
      Object.entries(form).map(([k, v]) => [k, [v].flat().map(String)]),
    );
    for (const k of Object.keys(values)) if (k !== "coSignerOrgIds") values[k] = one(k);
    if (one("action") === "preview")
      return c.html(await draftPage(c, caseId, { values, preview: true }));
    const input = {
      kind: one("kind"),
      claim: one("claim") || null,
      verdict: one("verdict") || null,
      title: one("title"),
      summary: one("summary"),
      body: one("body"),
      sources: parseSources(one("sources")),
      coSignerOrgIds: [form.coSignerOrgIds ?? []].flat().map(String),
      tags: one("tags")
        .split(/[,，]/)
        .map((t) => t.trim())
        .filter(Boolean),
      baseRevisionId: one("baseRevisionId") || null,
    };
    const result = await formAction(() => createRevision(staffCtx(c), { ...input, caseId }));
    if (result.ok) return redirectAfterPost(c, `/console/cases/${caseId}/draft?saved=1`);
    return redirectAfterPost(c, `/console/cases/${caseId}/draft`, { values, ...result });
  });

  app.post("/console/revisions/:id/submit", ...asOperation(submitRevisionRoute), async (c) => {
    const id = c.req.param("id");
    const ctx = staffCtx(c);
    const result = await formAction(() => submitRevision(ctx, { id }));
    const revision = await getRevision(ctx, { id });
    if (result.ok) return redirectAfterPost(c, `/console/revisions/${id}`);
    return redirectAfterPost(c, `/console/cases/${revision.caseId}/draft`, {
      message: result.message,
    });
  });
}

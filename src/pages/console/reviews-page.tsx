import type { Context } from "hono";
import { raw } from "hono/html";
import { listOrganisations } from "../../access/organisations.ts";
import { csrfToken } from "../../auth/csrf.ts";
import type { App, AppEnv } from "../../http/env.ts";
import type { FieldError } from "../../http/errors.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { decideReview } from "../../review/decide-review.ts";
import { diffRevisions } from "../../review/diff-revisions.ts";
import { listReviewInbox } from "../../review/list-review-inbox.ts";
import { getRevision, listRevisions } from "../../review/read-revisions.ts";
import { decideReviewRoute } from "../../review/routes/decide-review.ts";
import { getRevisionRoute } from "../../review/routes/get-revision.ts";
import { listReviewInboxRoute } from "../../review/routes/list-review-inbox.ts";
import type { RoundView } from "../../review/views.ts";
import { safeHref } from "../../text/urls.ts";
import { rebuttalKindLabel } from "../../vocabulary/rebuttal-kinds.ts";
import { verdictLabel } from "../../vocabulary/verdicts.ts";
import { formatTime } from "../format.ts";
import { asOperation, consoleUser } from "./guard.ts";
import { FieldError as FieldErrorView, Layout } from "./layout.tsx";
import { formAction } from "./page-errors.ts";
import { Flash, formStateOf, redirectAfterPost } from "./page-kit.tsx";
import { personLabel, UrgencyTag, VerdictTag } from "./widgets.tsx";

const decisionLabels: Record<string, string> = {
  approve: "通过",
  request_changes: "退回修改",
  reject: "驳回",
};

function ChainProgress(props: { round: RoundView }) {
  const { round } = props;
  return (
    <ol aria-label="审核进度">
      {round.steps.map((s) => {
        const done = round.decisions.filter((d) => d.stepIndex === s.index);
        const waiting = round.waitingSteps.includes(s.index);
        return (
          <li>
            <strong>{s.name}</strong>{" "}
            {done.length > 0 ? (
              done.map((d) => (
                <span class="tag">
                  {decisionLabels[d.decision]} · {personLabel(d.reviewerName, d.organisationName)}
                  {d.comment && `：${d.comment}`}
                </span>
              ))
            ) : waiting ? (
              <span class="tag">等待审核</span>
            ) : (
              <span class="muted">未开始</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

type Diff = Awaited<ReturnType<typeof diffRevisions>>;

const fieldLabels: Record<string, string> = {
  kind: "类型",
  claim: "谣言内容",
  verdict: "结论",
  title: "标题",
  summary: "摘要",
  sources: "来源",
  coSignerOrgIds: "联合发布单位",
  tags: "标签",
};

/** A changed field's value as a reviewer reads it: labels and names, never codes or ids. */
function readable(field: string, value: unknown, orgNames: Map<string, string>): string {
  if (value === null || value === undefined || value === "") return "（空）";
  if (field === "kind") return rebuttalKindLabel(String(value));
  if (field === "verdict") return verdictLabel(String(value));
  if (field === "coSignerOrgIds") {
    const ids = value as string[];
    return ids.length ? ids.map((id) => orgNames.get(id) ?? "已删除的单位").join("、") : "（无）";
  }
  if (field === "sources") {
    return (value as { title: string }[]).map((s) => s.title).join("；") || "（无）";
  }
  if (Array.isArray(value)) return value.join("、") || "（无）";
  return String(value);
}

/** Markdown markers dropped, so the body's changes read as text. */
function plainText(markdown: string): string {
  return markdown
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/^\s*[-*+]\s+/gm, "· ")
    .replace(/\*\*|__|`/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
}

function DiffView(props: { diff: Diff; orgNames: Map<string, string> }) {
  return (
    <details open>
      <summary>与第 {props.diff.from.number} 版相比的修改</summary>
      <ul>
        {props.diff.changes.map((c) => (
          <li>
            {fieldLabels[c.field] ?? c.field}：
            <del>{readable(c.field, c.from, props.orgNames)}</del> →{" "}
            <ins>{readable(c.field, c.to, props.orgNames)}</ins>
          </li>
        ))}
      </ul>
      <h3>正文修改</h3>
      <div class="diff-body">
        {props.diff.body.map((p) =>
          p.op === "added" ? (
            <ins>{plainText(p.value)}</ins>
          ) : p.op === "removed" ? (
            <del>{plainText(p.value)}</del>
          ) : (
            <span>{plainText(p.value)}</span>
          ),
        )}
      </div>
    </details>
  );
}

async function revisionPage(
  c: Context<AppEnv>,
  id: string,
  form?: { message?: string; notice?: string; errors?: FieldError[]; comment?: string },
) {
  const user = consoleUser(c);
  const ctx = staffCtx(c);
  const revision = await getRevision(ctx, { id });
  const all = await listRevisions(ctx, { caseId: revision.caseId });
  const previous = all.items.filter((r) => r.number < revision.number).at(-1);
  const diff = previous
    ? await diffRevisions(ctx, { fromId: previous.id, toId: revision.id })
    : undefined;
  const round = revision.rounds.at(-1);
  const inbox = await listReviewInbox(ctx);
  const orgNames = new Map((await listOrganisations(ctx, {})).items.map((o) => [o.id, o.name]));
  const mine = inbox.items.find((i) => i.revisionId === revision.id);
  return (
    <Layout
      title={`稿件 · ${revision.title}`}
      user={user}
      current="/console/reviews"
      csrfToken={csrfToken(c)}
    >
      <h1>
        {revision.title} <span class="muted">第 {revision.number} 版</span>
      </h1>
      {revision.status === "approved" && (
        <p>
          <a href={`/console/cases/${revision.caseId}/publications`}>查看发布进度</a>
        </p>
      )}
      <Flash message={form?.message} notice={form?.notice} />
      <div class="grid">
        <section class="card" aria-labelledby="content-h">
          <h2 id="content-h">稿件内容</h2>
          {revision.claim && (
            <p>
              <strong>谣言：</strong>
              {revision.claim} <VerdictTag verdict={revision.verdict} />
            </p>
          )}
          <p>
            <strong>摘要：</strong>
            {revision.summary}
          </p>
          <div class="body">{raw(revision.bodyHtml)}</div>
          <h3>来源</h3>
          <ul>
            {(revision.sources as { title: string; url: string }[]).map((s) => (
              <li>
                {safeHref(s.url) ? (
                  <a href={safeHref(s.url)} rel="noopener noreferrer" target="_blank">
                    {s.title}
                  </a>
                ) : (
                  `${s.title}（${s.url}）`
                )}
              </li>
            ))}
          </ul>
          {diff && <DiffView diff={diff} orgNames={orgNames} />}
        </section>
        <section class="card" aria-labelledby="chain-h">
          <h2 id="chain-h">审核链</h2>
          {round ? <ChainProgress round={round} /> : <p class="muted">尚未提交审核。</p>}
          {mine && (
            <form method="post" action={`/console/revisions/${revision.id}/decide`}>
              <input type="hidden" name="_csrf" value={csrfToken(c) ?? ""} />
              <p>
                你在本环节：<strong>{mine.step.name}</strong>
              </p>
              <label for="comment">意见</label>
              <textarea id="comment" name="comment" aria-describedby="comment-error">
                {form?.comment ?? ""}
              </textarea>
              <FieldErrorView errors={form?.errors} path="comment" />
              <p>
                <button type="submit" name="decision" value="approve">
                  通过
                </button>{" "}
                <button type="submit" name="decision" value="request_changes" class="secondary">
                  退回修改
                </button>{" "}
                <button type="submit" name="decision" value="reject" class="danger">
                  驳回
                </button>
              </p>
            </form>
          )}
        </section>
      </div>
    </Layout>
  );
}

/** The reviewer's inbox and the page where they decide, with the diff and the chain's progress. */
export function registerReviewPages(app: App): void {
  app.get("/console/reviews", ...asOperation(listReviewInboxRoute), async (c) => {
    const user = consoleUser(c);
    const { items } = await listReviewInbox(staffCtx(c));
    return c.html(
      <Layout title="审核待办" user={user} current="/console/reviews" csrfToken={csrfToken(c)}>
        <h1>审核待办</h1>
        {items.length === 0 ? (
          <p class="card">没有等待你审核的稿件。</p>
        ) : (
          <table class="responsive">
            <thead>
              <tr>
                <th scope="col">稿件</th>
                <th scope="col">案件</th>
                <th scope="col">环节</th>
                <th scope="col">等级</th>
                <th scope="col">提交时间</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr>
                  <td data-label="稿件">
                    <a href={`/console/revisions/${i.revisionId}`}>{i.title}</a>
                    {i.isUpdate && <span class="tag">更新</span>}
                  </td>
                  <td data-label="案件">
                    #{i.caseNumber} {i.caseTitle}
                  </td>
                  <td data-label="环节">{i.step.name}</td>
                  <td data-label="等级">
                    <UrgencyTag urgency={i.urgency} />
                  </td>
                  <td data-label="提交时间">{formatTime(i.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });

  app.get("/console/revisions/:id", ...asOperation(getRevisionRoute), async (c) => {
    const state = await formStateOf(c);
    const form = state && { ...state, comment: String(state.values?.comment ?? "") };
    return c.html(await revisionPage(c, c.req.param("id"), form));
  });

  app.post("/console/revisions/:id/decide", ...asOperation(decideReviewRoute), async (c) => {
    const id = c.req.param("id");
    const form = await c.req.parseBody();
    const input = { decision: String(form.decision ?? ""), comment: String(form.comment ?? "") };
    const result = await formAction(() => decideReview(staffCtx(c), { ...input, id }));
    if (result.ok) {
      return redirectAfterPost(c, `/console/revisions/${id}`, {
        notice: `已${decisionLabels[input.decision] ?? "提交"}，谢谢。`,
      });
    }
    return redirectAfterPost(c, `/console/revisions/${id}`, {
      message: result.message,
      errors: result.errors,
      values: { comment: input.comment },
    });
  });
}

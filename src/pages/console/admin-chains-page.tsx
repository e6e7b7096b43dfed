import { listOrganisations } from "../../access/organisations.ts";
import { csrfToken } from "../../auth/csrf.ts";
import { listCategories } from "../../content/reference-lists.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { type PolicyStep, reviewChains } from "../../review/chains.ts";
import { organisationKindLabels } from "../../vocabulary/organisation-kinds.ts";
import { roleLabel } from "../../vocabulary/roles.ts";
import { urgencyLabel } from "../../vocabulary/urgencies.ts";
import { AdminNav, adminOnly } from "./admin-page.tsx";
import { consoleUser } from "./guard.ts";
import { Layout } from "./layout.tsx";

function who(step: PolicyStep, orgNames: Map<string, string>): string {
  const role = roleLabel(step.role);
  if (step.organisation) {
    const name = orgNames.get(step.organisation);
    return `${name ?? `未找到的单位 ${step.organisation}`}的${role}`;
  }
  if (step.organisationKind) return `${organisationKindLabels[step.organisationKind]}的${role}`;
  return `任一${role}`;
}

/** Admin: the review-chain policies of content/review-chains.json, read-only. */
export function registerAdminChainsPage(app: App): void {
  app.get("/console/admin/review-chains", ...adminOnly, async (c) => {
    const deps = c.get("deps");
    const chains = reviewChains();
    const [orgs, categories] = await Promise.all([
      listOrganisations(staffCtx(c), {}),
      listCategories({ deps }),
    ]);
    const orgNames = new Map(orgs.items.map((o) => [o.slug, o.name]));
    const catNames = new Map(categories.map((k) => [k.slug, k.name]));
    const fast = chains.fastTrack;
    return c.html(
      <Layout
        title="审核链"
        user={consoleUser(c)}
        current="/console/admin"
        csrfToken={csrfToken(c)}
      >
        <h1>审核链</h1>
        <AdminNav current="/console/admin/review-chains" />
        <p class="muted">
          由 <code>content/review-chains.json</code> 定义，修改需走代码评审并重新部署；此处只读。
          作者和案件承办人不能审核自己的稿件；联合发布单位在最后一步之前加一步会签。
        </p>
        <p class="notice">
          快速通道：{fast.urgencies.map((u) => urgencyLabel(u)).join("、")}
          的稿件各步骤同时进行，每步限时 {fast.stepDeadlineMinutes} 分钟。
        </p>
        {chains.policies.map((p) => (
          <section class="card" aria-labelledby={`policy-${p.id}`}>
            <h2 id={`policy-${p.id}`}>
              {p.name} {p.default && <span class="tag">默认</span>}
            </h2>
            <p>
              适用类别：
              {p.categories.length
                ? p.categories.map((k) => catNames.get(k) ?? k).join("、")
                : "其他未单独指定的类别"}
            </p>
            <ol>
              {p.steps.map((s) => (
                <li>
                  <strong>{s.name}</strong> · {who(s, orgNames)} · 需 {s.approvals} 人通过
                </li>
              ))}
            </ol>
            {p.updateSteps && (
              <p class="muted">
                更新已发布内容时只走：
                {p.updateSteps.map((k) => p.steps.find((s) => s.key === k)?.name ?? k).join(" → ")}
              </p>
            )}
          </section>
        ))}
      </Layout>,
    );
  });
}

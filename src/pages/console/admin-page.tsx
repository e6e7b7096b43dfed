import { listAuditEntriesRoute } from "../../access/routes/list-audit-entries.ts";
import { csrfToken } from "../../auth/csrf.ts";
import type { App } from "../../http/env.ts";
import { asOperation, consoleUser } from "./guard.ts";
import { Layout } from "./layout.tsx";

const sections = [
  ["/console/admin/organisations", "单位", "参与辟谣的政府部门、学会、医院、科研机构和媒体"],
  ["/console/admin/people", "人员", "账号、角色、专长，停用离职人员"],
  [
    "/console/admin/review-chains",
    "审核链",
    "content/review-chains.json 定义的各类稿件审核流程（只读）",
  ],
  ["/console/admin/audit", "审计日志", "谁在何时做了什么，可筛选"],
] as const;

/** The admin pages' own navigation, shown at the top of each. */
export function AdminNav(props: { current: string }) {
  return (
    <nav aria-label="系统管理" class="subnav">
      {sections.map(([href, label]) => (
        <>
          <a href={href} aria-current={props.current === href ? "page" : undefined}>
            {label}
          </a>{" "}
        </>
      ))}
    </nav>
  );
}

/** Admin pages are for admins only: the same rule as the admin API operations. */
export const adminOnly = asOperation(listAuditEntriesRoute);

/** `/console/admin`: the way into organisations, people, review chains and the audit trail. */
export function registerAdminPage(app: App): void {
  app.get("/console/admin", ...adminOnly, (c) =>
    c.html(
      <Layout
        title="系统管理"
        user={consoleUser(c)}
        current="/console/admin"
        csrfToken={csrfToken(c)}
      >
        <h1>系统管理</h1>
        <div class="grid">
          {sections.map(([href, label, text]) => (
            <a class="card" href={href}>
              <h2>{label}</h2>
              <p class="muted">{text}</p>
            </a>
          ))}
        </div>
      </Layout>,
    ),
  );
}

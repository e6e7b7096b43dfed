import type { Context } from "hono";
import { listUsers } from "../../access/users.ts";
import { hasRole } from "../../auth/actor.ts";
import { csrfToken } from "../../auth/csrf.ts";
import { getCase } from "../../cases/get-case.ts";
import { getCaseRoute } from "../../cases/routes/get-case.ts";
import { TriageInput, triageCaseRoute } from "../../cases/routes/triage-case.ts";
import { type TriageInput as TriageServiceInput, triageCase } from "../../cases/triage-case.ts";
import { listCategories, listRegions } from "../../content/reference-lists.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { type FieldError, fieldErrors } from "../../http/errors.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { caseActivityLabel } from "../../vocabulary/activity.ts";
import { caseStateLabel } from "../../vocabulary/case-states.ts";
import { platformLabel } from "../../vocabulary/platforms.ts";
import { revisionStatusLabel } from "../../vocabulary/revision-statuses.ts";
import { urgencies, urgencyLabels } from "../../vocabulary/urgencies.ts";
import { formatTime } from "../format.ts";
import { CaseEffectSection } from "./effect-chart.tsx";
import { asOperation, consoleUser } from "./guard.ts";
import { FieldError as FieldErrorView, Layout } from "./layout.tsx";
import { formAction } from "./page-errors.ts";
import { formStateOf, redirectAfterPost } from "./page-kit.tsx";
import { ReportImages } from "./report-images.tsx";
import {
  CategorySelect,
  Countdown,
  DrillTag,
  personLabel,
  RegionSelect,
  StatusTag,
  UrgencyTag,
  VerdictTag,
} from "./widgets.tsx";

type CaseView = Awaited<ReturnType<typeof getCase>>;

async function TriageForm(props: {
  c: Context<AppEnv>;
  theCase: CaseView;
  errors?: FieldError[];
  values?: Record<string, string | string[]>;
}) {
  const deps = props.c.get("deps");
  const [categories, regions, experts] = await Promise.all([
    listCategories({ deps }),
    listRegions({ deps }),
    listUsers(staffCtx(props.c), { role: "expert", active: true, limit: 200, offset: 0 }),
  ]);
  // Re-triage starts from the people already on the case, so changing the urgency never
  // silently reassigns it.
  const assigned = props.theCase.assignments;
  const v = props.values ?? {
    leadExpertId: assigned.find((a) => a.role === "lead")?.userId ?? "",
    contributorIds: assigned.filter((a) => a.role !== "lead").map((a) => a.userId),
  };
  const chosen = new Set([v.contributorIds ?? []].flat());
  const categoryName = new Map(categories.map((k) => [k.slug, k.name]));
  const expertLabel = (e: (typeof experts.items)[number]) =>
    `${personLabel(e.name, e.organisation.name)}${
      e.expertise.length
        ? ` · ${e.expertise.map((x) => categoryName.get(x) ?? "其他专长").join("、")}`
        : ""
    }`;
  return (
    <form method="post" action={`/console/cases/${props.theCase.id}/triage`} class="card">
      <h2>研判与分派</h2>
      <input type="hidden" name="_csrf" value={csrfToken(props.c) ?? ""} />
      <label for="category">类别</label>
      <CategorySelect
        id="category"
        categories={categories}
        selected={String(v.category ?? props.theCase.category ?? "")}
        required
      />
      <FieldErrorView errors={props.errors} path="category" />
      <label for="urgency">紧急程度</label>
      <select id="urgency" name="urgency" required>
        {urgencies.map((u) => (
          <option
            value={String(u)}
            selected={String(v.urgency ?? props.theCase.urgency ?? 3) === String(u)}
          >
            {urgencyLabels[u]}
          </option>
        ))}
      </select>
      <label for="region">地区</label>
      <RegionSelect
        id="region"
        regions={regions}
        selected={String(v.region ?? props.theCase.regionCode ?? "460000")}
        required
      />
      <label for="leadExpertId">牵头专家</label>
      <select id="leadExpertId" name="leadExpertId" required>
        {experts.items.map((e) => (
          <option value={e.id} selected={v.leadExpertId === e.id}>
            {expertLabel(e)}
          </option>
        ))}
      </select>
      <FieldErrorView errors={props.errors} path="leadExpertId" />
      <fieldset>
        <legend>协同专家（可来自不同单位）</legend>
        {experts.items.map((e) => (
          <label style="font-weight:normal">
            <input
              type="checkbox"
              name="contributorIds"
              value={e.id}
              checked={chosen.has(e.id)}
              style="width:auto"
            />{" "}
            {expertLabel(e)}
          </label>
        ))}
      </fieldset>
      <label style="font-weight:normal">
        <input
          type="checkbox"
          name="drill"
          value="true"
          checked={props.theCase.drill}
          style="width:auto"
        />{" "}
        这是演练
      </label>
      <p>
        <button type="submit">确认分派</button>
      </p>
    </form>
  );
}

type TriageState = {
  errors: FieldError[];
  message: string;
  values: Record<string, string | string[]>;
};

async function casePage(c: Context<AppEnv>, id: string, triage?: TriageState) {
  const deps = c.get("deps");
  const user = consoleUser(c);
  const theCase = await getCase(staffCtx(c), { id });
  const now = deps.now();
  const assignedToMe = theCase.assignments.some((a) => a.userId === user.userId);
  const canTriage = hasRole(user, "coordinator", "admin") && theCase.status !== "closed";
  const latest = theCase.revisions.at(-1);
  return (
    <Layout
      title={`案件 #${theCase.number}`}
      user={user}
      current="/console/cases"
      csrfToken={csrfToken(c)}
    >
      <h1>
        #{theCase.number} {theCase.title} <DrillTag drill={theCase.drill} />
      </h1>
      {triage && (
        <p class="alert" role="alert">
          {triage.message}
        </p>
      )}
      <p>
        <StatusTag status={theCase.status} /> <UrgencyTag urgency={theCase.urgency} />{" "}
        <Countdown dueAt={theCase.dueAt} now={now} /> · 优先级 {theCase.priority.score}
        <span class="muted">（{theCase.priority.reasons.map((r) => r.label).join("；")}）</span>
      </p>
      <p>
        {hasRole(user, "coordinator") && theCase.status !== "closed" && (
          <a href={`/console/cases/${theCase.id}/close`}>合并或关闭</a>
        )}{" "}
        {theCase.rebuttals.length > 0 && (
          <a href={`/console/cases/${theCase.id}/publications`}>发布进度</a>
        )}
      </p>
      <div class="grid">
        <section class="card">
          <h2>线索（{theCase.reports.length}）</h2>
          <p style="white-space:pre-wrap">{theCase.description}</p>
          <ul>
            {theCase.reports.slice(0, 20).map((r) => (
              <li>
                <span class="muted">{formatTime(r.createdAt)}</span> {r.text.slice(0, 200)}
                {r.platform && <span class="tag">来自{platformLabel(r.platform)}</span>}
                {r.sourceUrl && /^https?:\/\//i.test(r.sourceUrl) && (
                  <>
                    {" "}
                    <a href={r.sourceUrl} rel="noopener noreferrer nofollow" target="_blank">
                      原始链接
                    </a>
                  </>
                )}
                {r.contact && <span class="tag">联系方式：{r.contact}</span>}
              </li>
            ))}
          </ul>
          <ReportImages c={c} caseId={theCase.id} />
          {theCase.similarRebuttals.length > 0 && (
            <>
              <h3>可能已有的辟谣</h3>
              <ul>
                {theCase.similarRebuttals.map((m) => (
                  <li>
                    <a href={`/r/${m.rebuttalId}`}>{m.title}</a> <VerdictTag verdict={m.verdict} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section class="card">
          <h2>分派</h2>
          {theCase.assignments.length === 0 ? (
            <p class="muted">尚未分派。</p>
          ) : (
            <ul>
              {theCase.assignments.map((a) => (
                <li>
                  {personLabel(a.name, a.organisationName)}
                  {a.role === "lead" ? " · 牵头" : ""}
                </li>
              ))}
            </ul>
          )}
          <h2>稿件</h2>
          {theCase.revisions.length === 0 ? (
            <p class="muted">还没有稿件。</p>
          ) : (
            <ul>
              {theCase.revisions.map((r) => (
                <li>
                  <a href={`/console/revisions/${r.id}`}>
                    第 {r.number} 版 · {r.title}
                  </a>{" "}
                  <span class="tag">{revisionStatusLabel(r.status)}</span>{" "}
                  <span class="muted">{r.authorName}</span>
                </li>
              ))}
            </ul>
          )}
          {assignedToMe && ["triaged", "drafting", "published"].includes(theCase.status) && (
            <p>
              <a class="button" href={`/console/cases/${theCase.id}/draft`}>
                {latest ? "修改稿件" : "撰写稿件"}
              </a>
            </p>
          )}
        </section>
      </div>
      <CaseEffectSection c={c} caseId={theCase.id} />
      {canTriage && ["new", "triaged", "drafting"].includes(theCase.status) && (
        <TriageForm c={c} theCase={theCase} errors={triage?.errors} values={triage?.values} />
      )}
      <section class="card">
        <h2>时间线</h2>
        <ol>
          {theCase.timeline.map((t) => (
            <li>
              <span class="muted">{formatTime(t.at)}</span> {caseActivityLabel(t.kind)}
              {t.who ? ` · ${personLabel(t.who, t.whoOrganisation)}` : ""}
            </li>
          ))}
        </ol>
        <p class="muted">状态：{caseStateLabel(theCase.status)}</p>
      </section>
    </Layout>
  );
}

/** A case seen from the console, with the coordinator's triage form. */
export function registerCasePage(app: App): void {
  app.get("/console/cases/:id", ...asOperation(getCaseRoute), async (c) => {
    const state = await formStateOf(c);
    return c.html(await casePage(c, c.req.param("id"), state as TriageState | undefined));
  });

  app.post("/console/cases/:id/triage", ...asOperation(triageCaseRoute), async (c) => {
    const id = c.req.param("id");
    const form = await c.req.parseBody({ all: true });
    const one = (k: string) => String([form[k]].flat()[0] ?? "");
    const contributorIds = [form.contributorIds ?? []].flat().map(String);
    const input = {
      category: one("category"),
      urgency: Number(one("urgency")) as 1 | 2 | 3 | 4,
      region: one("region"),
      leadExpertId: one("leadExpertId"),
      contributorIds,
      drill: one("drill") === "true",
    };
    const parsed = TriageInput.safeParse(input);
    const result = parsed.success
      ? await formAction(() =>
          triageCase(staffCtx(c), { ...(parsed.data as TriageServiceInput), id }),
        )
      : {
          ok: false as const,
          message: "请检查标出的字段",
          errors: fieldErrors(parsed.error),
          status: 400,
        };
    if (result.ok) return redirectAfterPost(c, `/console/cases/${id}`);
    const values = { ...input, urgency: String(input.urgency), drill: String(input.drill) };
    return redirectAfterPost(c, `/console/cases/${id}`, { ...result, values });
  });
}

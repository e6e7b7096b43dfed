import type { OrganisationKind, Role, UserActor } from "../../src/auth/actor.ts";
import type { Sql } from "../../src/db/client.ts";
import { createApp } from "../../src/http/app.ts";
import type { App } from "../../src/http/env.ts";
import type { TestContext } from "./context.ts";
import { createOrganisation, signedInUser } from "./factories.ts";

/**
 * The organisations the shipped review chains name, plus two expert organisations: create once
 * per test file (each file has its own database, so the fixed slugs do not clash).
 */
export async function chainOrganisations(sql: Sql) {
  const org = (slug: string, name: string, kind = "government") =>
    createOrganisation(sql, { slug, name, kind });
  return {
    health: await org("hainan-health-commission", "海南省卫生健康委员会"),
    publicity: await org("hainan-publicity-dept", "中共海南省委宣传部"),
    market: await org("hainan-market-regulation", "海南省市场监督管理局"),
    hospital: await org(`hospital-${Date.now().toString(36)}`, "海南省人民医院", "medical"),
    cdc: await org(`cdc-${Date.now().toString(36)}`, "海南省疾病预防控制中心", "research"),
    society: await org(`society-${Date.now().toString(36)}`, "海南省医学会", "academic_society"),
  };
}
export type ChainOrganisations = Awaited<ReturnType<typeof chainOrganisations>>;

export type Person = Awaited<ReturnType<typeof signedInUser>>;

/** A signed-in person of an organisation. */
export const person = (sql: Sql, organisationId: string, ...roles: Role[]) =>
  signedInUser(sql, roles, { organisationId });

/** A triaged case with a lead expert and contributors, as intake leaves it. */
export async function createTriagedCase(
  sql: Sql,
  c: {
    lead: Person;
    contributors?: Person[];
    category?: string;
    urgency?: number;
    regionCode?: string;
    drill?: boolean;
    title?: string;
  },
) {
  const [row] = await sql`
    insert into cases (origin, status, title, category, urgency, region_code, lead_expert_id,
                       drill, triaged_at)
    values ('report', 'triaged', ${c.title ?? "网传“喝板蓝根能预防新冠”"},
            ${c.category ?? "infectious-disease"}, ${c.urgency ?? 2},
            ${c.regionCode ?? "460100"}, ${c.lead.user.id}, ${c.drill ?? false}, now())
    returning id, number`;
  const caseId = row!.id as string;
  await sql`insert into case_assignments (case_id, user_id, role)
            values (${caseId}, ${c.lead.user.id}, 'lead')`;
  for (const p of c.contributors ?? []) {
    await sql`insert into case_assignments (case_id, user_id, role)
              values (${caseId}, ${p.user.id}, 'contributor')`;
  }
  return { id: caseId, number: row!.number as number };
}

/** A valid rebuttal revision body; override any field. */
export function revisionBody(over: Record<string, unknown> = {}) {
  return {
    kind: "rebuttal",
    claim: "喝板蓝根可以预防新冠病毒感染",
    verdict: "false",
    title: "板蓝根不能预防新冠病毒感染",
    summary: "目前没有证据表明板蓝根能预防新冠病毒感染，请勿盲目囤购服用。",
    body: "## 结论\n\n板蓝根**不能**预防新冠病毒感染。\n\n- 戴口罩\n- 勤洗手\n",
    sources: [
      { title: "国家卫健委答问", url: "https://www.nhc.gov.cn/xcs/fkdt/202002/answer.shtml" },
    ],
    coSignerOrgIds: [],
    tags: ["新冠", "板蓝根"],
    ...over,
  };
}

/** Calls the API as a person with a JSON body. */
export function call(app: App, method: string, path: string, who?: Person, body?: unknown) {
  const headers: Record<string, string> = { ...(who?.auth ?? {}) };
  if (body !== undefined) headers["content-type"] = "application/json";
  return app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Jobs waiting in the queue, with their payloads (the public `jobs` view hides payloads). */
export async function queuedJobs(sql: Sql) {
  return sql<{ task: string; payload: Record<string, string>; runAt: Date }[]>`
    select t.identifier as task, j.payload, j.run_at
    from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id
    order by j.id`;
}

/** The actor a service sees for a person (for calling services directly, e.g. with hooks). */
export function actorOf(p: Person, organisationKind: OrganisationKind = "government"): UserActor {
  return {
    kind: "user",
    userId: p.user.id,
    sessionId: "test-session",
    organisationId: p.user.organisationId,
    organisationKind,
    roles: p.user.roles,
    name: p.user.name,
    email: p.user.email,
  };
}

/** The review operations as a test drives them through HTTP. */
export function reviewApi(app: App) {
  return {
    async draft(caseId: string, who: Person, over: Record<string, unknown> = {}) {
      const res = await call(
        app,
        "POST",
        `/api/v1/cases/${caseId}/revisions`,
        who,
        revisionBody(over),
      );
      if (res.status !== 201) throw new Error(`draft failed ${res.status}: ${await res.text()}`);
      return res.json();
    },
    async submit(revisionId: string, who: Person, body: Record<string, unknown> = {}) {
      const res = await call(app, "POST", `/api/v1/revisions/${revisionId}/submit`, who, body);
      if (res.status !== 201) throw new Error(`submit failed ${res.status}: ${await res.text()}`);
      return res.json();
    },
    decide(revisionId: string, who: Person, decision = "approve", comment = "", extra = {}) {
      return call(app, "POST", `/api/v1/revisions/${revisionId}/decisions`, who, {
        decision,
        comment,
        ...extra,
      });
    },
  };
}

/**
 * The people of the health chain, each in their own organisation: a lead expert (hospital), a
 * peer expert (CDC) who may do the peer review, and the 卫健委 and 宣传部 reviewers — with an
 * app and its review API for them to call.
 * @example ({ app, api, orgs, lead, peer, healthReviewer, publicityReviewer } = await healthChainCast(ctx));
 */
export async function healthChainCast(ctx: TestContext) {
  const app = createApp(ctx.deps);
  const orgs = await chainOrganisations(ctx.sql);
  return {
    app,
    api: reviewApi(app),
    orgs,
    lead: await person(ctx.sql, orgs.hospital.id, "expert"),
    peer: await person(ctx.sql, orgs.cdc.id, "expert"),
    healthReviewer: await person(ctx.sql, orgs.health.id, "reviewer"),
    publicityReviewer: await person(ctx.sql, orgs.publicity.id, "reviewer"),
  };
}

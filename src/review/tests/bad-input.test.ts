import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  type ChainOrganisations,
  call,
  chainOrganisations,
  createTriagedCase,
  type Person,
  person,
  reviewApi,
  revisionBody,
} from "../../../tests/support/review-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let api: ReturnType<typeof reviewApi>;
let orgs: ChainOrganisations;
let lead: Person;
let outsider: Person;
let peer: Person;
let caseId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
  api = reviewApi(app);
  orgs = await chainOrganisations(ctx.sql);
  lead = await person(ctx.sql, orgs.hospital.id, "expert");
  outsider = await person(ctx.sql, orgs.cdc.id, "expert");
  peer = await person(ctx.sql, orgs.society.id, "expert");
  await person(ctx.sql, orgs.health.id, "reviewer");
  await person(ctx.sql, orgs.publicity.id, "reviewer");
  caseId = (await createTriagedCase(ctx.sql, { lead })).id;
});
afterAll(() => ctx.close());

const revisionCount = async () =>
  (await ctx.sql`select count(*)::int as n from revisions where case_id = ${caseId}`)[0]!.n;

async function refused(body: Record<string, unknown>) {
  const before = await revisionCount();
  const res = await call(app, "POST", `/api/v1/cases/${caseId}/revisions`, lead, body);
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const problem = await res.json();
  expect(problem.code).toBe("validation_failed");
  expect(await revisionCount()).toBe(before);
  return problem.errors as { path: string; message: string }[];
}

describe("a revision is refused with field errors, and nothing is stored, when", () => {
  it("the body carries a <script>", async () => {
    const errors = await refused(revisionBody({ body: "正文<script>alert(1)</script>" }));
    expect(errors).toEqual([expect.objectContaining({ path: "body" })]);
  });

  it("the body embeds an iframe or an event handler", async () => {
    expect(
      await refused(revisionBody({ body: '<iframe src="https://evil.example"></iframe>' })),
    ).toEqual([expect.objectContaining({ path: "body" })]);
    expect(await refused(revisionBody({ body: '<img src=x onerror="alert(1)">' }))).toEqual([
      expect.objectContaining({ path: "body" }),
    ]);
  });

  it("the body links to javascript:", async () => {
    const errors = await refused(revisionBody({ body: "[点我](javascript:alert(1))" }));
    expect(errors).toEqual([expect.objectContaining({ path: "body" })]);
  });

  it("a source is a javascript: URL", async () => {
    const errors = await refused(
      revisionBody({ sources: [{ title: "来源", url: "javascript:alert(1)" }] }),
    );
    expect(errors).toEqual([expect.objectContaining({ path: "sources.0.url" })]);
  });

  it("the summary has 141 characters (counted as characters, not bytes)", async () => {
    const errors = await refused(revisionBody({ summary: "谣".repeat(141) }));
    expect(errors).toEqual([
      expect.objectContaining({ path: "summary", message: "摘要不能超过 140 个字符" }),
    ]);
  });

  it("a rebuttal has no claim or verdict, or says false without a source", async () => {
    const errors = await refused(revisionBody({ claim: null, verdict: null }));
    expect(errors.map((e) => e.path).sort()).toEqual(["claim", "verdict"]);
    const noSource = await refused(revisionBody({ verdict: "misleading", sources: [] }));
    expect(noSource).toEqual([expect.objectContaining({ path: "sources" })]);
  });

  it("a co-signing organisation does not exist", async () => {
    const errors = await refused(
      revisionBody({ coSignerOrgIds: ["00000000-0000-4000-8000-000000000001"] }),
    );
    expect(errors).toEqual([expect.objectContaining({ path: "coSignerOrgIds.0" })]);
  });
});

describe("revisions accept", () => {
  it("a summary of exactly 140 characters, including characters outside the BMP", async () => {
    const summary = `${"谣".repeat(138)}😷😷`;
    const res = await call(app, "POST", `/api/v1/cases/${caseId}/revisions`, lead, {
      ...revisionBody({ summary }),
      baseRevisionId: (
        await ctx.sql`select id from revisions where case_id = ${caseId} order by number desc limit 1`
      )[0]?.id,
    });
    expect(res.status).toBe(201);
    expect((await res.json()).summary).toBe(summary);
  });

  it("an explainer without claim or verdict, rendering its Markdown to safe HTML", async () => {
    const c = await createTriagedCase(ctx.sql, { lead, category: "weather" });
    const r = await api.draft(c.id, lead, {
      kind: "explainer",
      claim: null,
      verdict: null,
      sources: [],
      body: "台风来临前请**检查门窗**，见[气象台](https://hainan.weather.example/typhoon)。",
    });
    expect(r.bodyHtml).toContain("<strong>检查门窗</strong>");
    expect(r.bodyHtml).toContain('href="https://hainan.weather.example/typhoon"');
  });
});

describe("stale bases and illegal moves", () => {
  it("answer 409 stale_revision with the current revision when the base is not the newest", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const first = await api.draft(c.id, lead);
    const second = await api.draft(c.id, lead, { baseRevisionId: first.id });
    const res = await call(app, "POST", `/api/v1/cases/${c.id}/revisions`, lead, {
      ...revisionBody(),
      baseRevisionId: first.id,
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      code: "stale_revision",
      currentRevision: { id: second.id, number: 2 },
    });
  });

  it("refuse a revision from someone not assigned to the case", async () => {
    const res = await call(
      app,
      "POST",
      `/api/v1/cases/${caseId}/revisions`,
      outsider,
      revisionBody(),
    );
    expect(res.status).toBe(403);
  });

  it("refuse a revision for a case that is not triaged yet", async () => {
    const [c] =
      await ctx.sql`insert into cases (origin, title) values ('report', '新线索') returning id`;
    await ctx.sql`insert into case_assignments (case_id, user_id, role) values (${c!.id}, ${lead.user.id}, 'lead')`;
    const res = await call(app, "POST", `/api/v1/cases/${c!.id}/revisions`, lead, revisionBody());
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "invalid_state", currentState: "new" });
  });

  it("refuse deciding on a superseded revision with 409 and its state", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    await api.draft(c.id, lead, { baseRevisionId: r.id });
    const res = await api.decide(r.id, peer);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "invalid_state", currentState: "superseded" });
    expect((await ctx.sql`select 1 from review_decisions where revision_id = ${r.id}`).length).toBe(
      0,
    );
  });

  it("refuse deciding on a draft that was never submitted", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    const res = await api.decide(r.id, peer);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "invalid_state", currentState: "draft" });
  });

  it("answer 404 for an unknown revision and 400 for a malformed id or decision", async () => {
    const unknown = await api.decide("00000000-0000-4000-8000-000000000002", peer);
    expect(unknown.status).toBe(404);
    expect((await api.decide("not-a-uuid", peer)).status).toBe(400);
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    const res = await api.decide(r.id, peer, "maybe");
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([expect.objectContaining({ path: "decision" })]);
  });

  it("refuse a submit by someone not assigned, and a release time that is not a date", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    const byOutsider = await call(app, "POST", `/api/v1/revisions/${r.id}/submit`, outsider, {});
    expect(byOutsider.status).toBe(403);
    const badDate = await call(app, "POST", `/api/v1/revisions/${r.id}/submit`, lead, {
      releaseAt: "明天上午",
    });
    expect(badDate.status).toBe(400);
    expect((await badDate.json()).errors).toEqual([
      { path: "releaseAt", message: "发布时间须为带时区的 ISO 8601 时间" },
    ]);
    const [row] = await ctx.sql`select status from revisions where id = ${r.id}`;
    expect(row!.status).toBe("draft");
  });
});

describe("submitting", () => {
  it("works without a request body", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    const res = await call(app, "POST", `/api/v1/revisions/${r.id}/submit`, lead);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: "open", releaseAt: null });
  });

  it("refuses a second submit of the same revision", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    const again = await call(app, "POST", `/api/v1/revisions/${r.id}/submit`, lead, {});
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "invalid_state", currentState: "in_review" });
    const rounds = await ctx.sql`select 1 from review_rounds where revision_id = ${r.id}`;
    expect(rounds).toHaveLength(1);
  });
});

describe("a chain nobody can finish", () => {
  it("is refused at submit, naming the step without reviewers", async () => {
    const c = await createTriagedCase(ctx.sql, { lead, category: "food-safety" });
    const r = await api.draft(c.id, lead);
    const res = await call(app, "POST", `/api/v1/revisions/${r.id}/submit`, lead, {});
    expect(res.status).toBe(409);
    const problem = await res.json();
    expect(problem).toMatchObject({ currentState: "chain_unstaffed", step: "market-regulation" });
    expect(problem.detail).toContain("省市场监督管理局审核");
    const [row] = await ctx.sql`select status from revisions where id = ${r.id}`;
    expect(row!.status).toBe("draft");
  });

  it("is refused when a co-signing organisation has no reviewer", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead, { coSignerOrgIds: [orgs.cdc.id] });
    const res = await call(app, "POST", `/api/v1/revisions/${r.id}/submit`, lead, {});
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ step: "co-sign" });
  });
});

describe("reading drafts", () => {
  it("is for staff: media get 403 and the public 401", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    const media = await person(ctx.sql, orgs.cdc.id, "media");
    expect((await call(app, "GET", `/api/v1/revisions/${r.id}`, media)).status).toBe(403);
    expect((await call(app, "GET", `/api/v1/revisions/${r.id}`)).status).toBe(401);
    expect((await call(app, "GET", `/api/v1/revisions/${r.id}`, lead)).status).toBe(200);
  });

  it("lists a case's revisions and diffs two of them field by field and line by line", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const a = await api.draft(c.id, lead, { body: "第一段\n第二段\n" });
    const b = await api.draft(c.id, lead, {
      baseRevisionId: a.id,
      title: "新标题",
      body: "第一段\n第二段（已更正）\n",
    });
    const list = await (await call(app, "GET", `/api/v1/cases/${c.id}/revisions`, lead)).json();
    expect(list.items.map((i: { number: number; status: string }) => [i.number, i.status])).toEqual(
      [
        [1, "superseded"],
        [2, "draft"],
      ],
    );
    const diff = await (
      await call(app, "GET", `/api/v1/revisions/${b.id}/diff?from=${a.id}`, lead)
    ).json();
    expect(diff.changes).toEqual([{ field: "title", from: a.title, to: "新标题" }]);
    expect(diff.body).toEqual([
      { op: "same", value: "第一段\n", lines: 1 },
      { op: "removed", value: "第二段\n", lines: 1 },
      { op: "added", value: "第二段（已更正）\n", lines: 1 },
    ]);
    const other = await createTriagedCase(ctx.sql, { lead });
    const x = await api.draft(other.id, lead);
    const cross = await call(app, "GET", `/api/v1/revisions/${b.id}/diff?from=${x.id}`, lead);
    expect(cross.status).toBe(400);
  });
});

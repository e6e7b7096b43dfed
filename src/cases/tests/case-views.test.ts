import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCaseRow,
  createReportRow,
  postReport,
} from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { deriveRebuttalSearch } from "../../library/derive.ts";

let ctx: TestContext;
let app: App;
type Person = Awaited<ReturnType<typeof signedInUser>>;
let coordinator: Person;
let expert: Person;
let outsider: Person;
let reviewer: Person;
let media: Person;
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000);

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
  coordinator = await signedInUser(ctx.sql, ["coordinator"]);
  expert = await signedInUser(ctx.sql, ["expert"], { expertise: ["weather"] });
  outsider = await signedInUser(ctx.sql, ["expert"]);
  reviewer = await signedInUser(ctx.sql, ["reviewer"]);
  media = await signedInUser(ctx.sql, ["media"]);
});
afterAll(() => ctx.close());

const get = async (path: string, who: Person) => {
  const res = await app.request(path, { headers: who.auth });
  return { status: res.status, body: await res.json() };
};

async function triage(caseId: string, lead: Person, urgency = 3, category = "weather") {
  const res = await app.request(`/api/v1/cases/${caseId}/triage`, {
    method: "POST",
    headers: { "content-type": "application/json", ...coordinator.auth },
    body: JSON.stringify({ category, urgency, region: "460200", leadExpertId: lead.user.id }),
  });
  expect(res.status).toBe(200);
}

describe("listCases", () => {
  it("puts the soonest deadline first and breaks ties by priority", async () => {
    const due = hoursFromNow(5);
    const later = await createCaseRow(ctx.sql, {
      status: "triaged",
      urgency: 4,
      deadlineAt: hoursFromNow(30),
      category: "earthquake",
    });
    const quiet = await createCaseRow(ctx.sql, {
      status: "triaged",
      urgency: 3,
      deadlineAt: due,
      category: "earthquake",
    });
    const busy = await createCaseRow(ctx.sql, {
      status: "triaged",
      urgency: 3,
      deadlineAt: due,
      category: "earthquake",
    });
    for (let i = 0; i < 4; i++)
      await createReportRow(ctx.sql, { caseId: busy.id, outcome: "attached" });
    await ctx.sql`update cases set report_count = 4 where id = ${busy.id}`;
    const { body } = await get("/api/v1/cases?category=earthquake", coordinator);
    expect(body.items.map((c: { id: string }) => c.id)).toEqual([busy.id, quiet.id, later.id]);
    const top = body.items[0];
    expect(top.reportsLastHour).toBe(4);
    expect(top.priority.reasons.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(["urgency", "reports", "velocity", "deadline"]),
    );
    const byPriority = await get("/api/v1/cases?category=earthquake&sort=priority", coordinator);
    expect(byPriority.body.items[0].id).toBe(busy.id);
  });

  it("filters by status, urgency, region (with the regions below it), assignee and escalation", async () => {
    const kase = await createCaseRow(ctx.sql, { category: "mental-health" });
    await triage(kase.id, expert, 2, "mental-health");
    await createCaseRow(ctx.sql, { category: "mental-health", status: "closed" });
    await ctx.sql`update cases set escalated_at = now() where id = ${kase.id}`;
    const ids = async (q: string) =>
      (await get(`/api/v1/cases?category=mental-health&${q}`, coordinator)).body.items.map(
        (c: { id: string }) => c.id,
      );
    expect(await ids("urgency=2")).toEqual([kase.id]);
    expect(await ids("urgency=1")).toEqual([]);
    expect(await ids("region=460200")).toEqual([kase.id]);
    expect(await ids("region=460000")).toEqual([kase.id]);
    expect(await ids("region=460100")).toEqual([]);
    expect(await ids(`assignee=${expert.user.id}`)).toEqual([kase.id]);
    expect(await ids("escalated=true")).toEqual([kase.id]);
    expect(await ids("status=closed")).toHaveLength(1);
    expect(await ids("status=all")).toHaveLength(2);
  });

  it("shows experts only their own cases and reviewers only cases in review or published", async () => {
    const mine = await createCaseRow(ctx.sql, { category: "science-tech" });
    await triage(mine.id, expert, 3, "science-tech");
    const inReview = await createCaseRow(ctx.sql, {
      category: "science-tech",
      status: "in_review",
    });
    const ids = async (who: Person) =>
      (await get("/api/v1/cases?category=science-tech", who)).body.items.map(
        (c: { id: string }) => c.id,
      );
    expect(await ids(expert)).toEqual([mine.id]);
    expect(await ids(outsider)).toEqual([]);
    expect(await ids(reviewer)).toEqual([inReview.id]);
    expect((await get("/api/v1/cases", media)).status).toBe(403);
  });

  it("refuses bad filters with field errors", async () => {
    for (const q of ["urgency=9", "status=lost", "assignee=bob", "limit=0", "escalated=maybe"]) {
      const { status, body } = await get(`/api/v1/cases?${q}`, coordinator);
      expect(status).toBe(400);
      expect(body.errors.length).toBeGreaterThan(0);
    }
  });
});

describe("getCase", () => {
  it("lists similar open cases and rebuttals from the library", async () => {
    const reported = await postReport(app, { text: "网传每天生吃大蒜可以杀灭新冠病毒，大家多吃" });
    expect(reported.body.outcome).toBe("opened");
    const rebuttal = await createRebuttal(ctx.sql, {
      claim: "吃大蒜可以杀灭新冠病毒？",
      summary: "大蒜不能杀灭新冠病毒",
    });
    await deriveRebuttalSearch(ctx.sql, rebuttal.id);
    const res = await app.request("/api/v1/cases", {
      method: "POST",
      headers: { "content-type": "application/json", ...coordinator.auth },
      body: JSON.stringify({ title: "生吃大蒜杀灭新冠病毒的说法", description: "主动解释" }),
    });
    const { id } = await res.json();
    const { body } = await get(`/api/v1/cases/${id}`, coordinator);
    expect(body.similarCases.map((c: { id: string }) => c.id)).toContain(reported.body.caseId);
    expect(body.similarRebuttals.map((r: { rebuttalId: string }) => r.rebuttalId)).toContain(
      rebuttal.id,
    );
  });

  it("shows reports with contacts to coordinators, assignments, deadline stages and the timeline", async () => {
    const first = await postReport(app, {
      text: "网传台风过后海口自来水都被污染了，千万不要喝，要喝就喝瓶装水",
      contact: "tel:139-0000-1111",
    });
    const caseId = first.body.caseId as string;
    await triage(caseId, expert, 2);
    const { status, body } = await get(`/api/v1/cases/${caseId}`, coordinator);
    expect(status).toBe(200);
    expect(body.reports).toHaveLength(1);
    expect(body.reports[0].contact).toBe("tel:139-0000-1111");
    expect(body.assignments[0]).toMatchObject({ userId: expert.user.id, role: "lead" });
    expect(body.stages.triage.doneAt).not.toBeNull();
    expect(body.stages.response.dueAt).toBe(body.deadlineAt);
    expect(body.msLeft).toBeGreaterThan(0);
    expect(body.timeline.map((t: { kind: string }) => t.kind)).toEqual(
      expect.arrayContaining(["report.opened", "case.opened", "case.assigned", "case.triaged"]),
    );
    expect(JSON.stringify(body.timeline)).not.toContain("notify");
  });

  it("hides reporters' contacts from reviewers, and hides the case from those who may not see it", async () => {
    const kase = await createCaseRow(ctx.sql, { status: "in_review" });
    await ctx.sql`insert into reports (case_id, text, contact, outcome)
                  values (${kase.id}, '测试', 'secret@example.com', 'opened')`;
    const seen = await get(`/api/v1/cases/${kase.id}`, reviewer);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toContain("secret@example.com");
    expect((await get(`/api/v1/cases/${kase.id}`, outsider)).status).toBe(404);
    expect((await get(`/api/v1/cases/${kase.id}`, media)).status).toBe(403);
    expect((await get("/api/v1/cases/not-a-uuid", coordinator)).status).toBe(400);
    const anonymous = await app.request(`/api/v1/cases/${kase.id}`);
    expect(anonymous.status).toBe(401);
  });
});

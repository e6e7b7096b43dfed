import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaseRow } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation, signedInUser } from "../../../tests/support/factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let coordinator: Awaited<ReturnType<typeof signedInUser>>;
const clock = new Date("2026-03-01T09:00:00Z");

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp({ ...ctx.deps, now: () => clock });
  coordinator = await signedInUser(ctx.sql, ["coordinator"]);
});
afterAll(() => ctx.close());

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

async function expertsFromTwoOrganisations() {
  const health = await createOrganisation(ctx.sql, { kind: "government", name: "省卫健委" });
  const society = await createOrganisation(ctx.sql, { kind: "academic_society", name: "省医学会" });
  const lead = await signedInUser(ctx.sql, ["expert"], { organisationId: health.id });
  const helper = await signedInUser(ctx.sql, ["expert"], { organisationId: society.id });
  return { lead, helper, health, society };
}

describe("triageCase", () => {
  it("assigns a lead and contributors from several organisations and sets the deadline from urgency", async () => {
    const kase = await createCaseRow(ctx.sql);
    const { lead, helper, health, society } = await expertsFromTwoOrganisations();
    const res = await post(
      `/api/v1/cases/${kase.id}/triage`,
      {
        category: "vaccines",
        urgency: 2,
        region: "460100",
        leadExpertId: lead.user.id,
        contributorIds: [helper.user.id, lead.user.id],
      },
      coordinator.auth,
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "triaged", urgency: 2, category: "vaccines" });
    expect(body.deadlineAt).toBe("2026-03-01T15:00:00.000Z");
    expect(body.targets.firstDraftDueAt).toBe("2026-03-01T11:30:00.000Z");
    expect(body.assignments).toEqual([
      expect.objectContaining({ userId: lead.user.id, role: "lead", organisationId: health.id }),
      expect.objectContaining({
        userId: helper.user.id,
        role: "contributor",
        organisationId: society.id,
      }),
    ]);
    const [event] =
      await ctx.sql`select data from events where case_id = ${kase.id} and type = 'case.assigned'`;
    expect(event!.data.notify).toEqual({
      userIds: [lead.user.id, helper.user.id],
      roles: ["coordinator"],
      email: true,
    });
    expect(event!.data.organisations).toHaveLength(2);
    const jobs =
      await ctx.sql`select key from graphile_worker.jobs where key like ${`case-deadline:${kase.id}:%`}`;
    expect(jobs.map((j) => j.key).sort()).toEqual(
      [
        "first_draft:missed",
        "first_draft:warning",
        "response:missed",
        "response:warning",
        "review:missed",
      ].map((k) => `case-deadline:${kase.id}:${k}`),
    );
  });

  it("re-triages an open case: new assignees, new deadline, a new deadline version", async () => {
    const kase = await createCaseRow(ctx.sql);
    const { lead, helper } = await expertsFromTwoOrganisations();
    const body = (lead: string, urgency: number) => ({
      category: "food-safety",
      urgency,
      region: "460000",
      leadExpertId: lead,
      contributorIds: [],
    });
    await post(`/api/v1/cases/${kase.id}/triage`, body(lead.user.id, 4), coordinator.auth);
    const res = await post(
      `/api/v1/cases/${kase.id}/triage`,
      body(helper.user.id, 1),
      coordinator.auth,
    );
    const again = await res.json();
    expect(again.deadlineAt).toBe("2026-03-01T11:00:00.000Z");
    expect(again.assignments.map((a: { userId: string }) => a.userId)).toEqual([helper.user.id]);
    const [row] =
      await ctx.sql`select deadline_version, lead_expert_id from cases where id = ${kase.id}`;
    expect(row).toMatchObject({ deadlineVersion: 2, leadExpertId: helper.user.id });
  });

  it("refuses assignees who are not active experts, naming the field", async () => {
    const kase = await createCaseRow(ctx.sql);
    const { lead } = await expertsFromTwoOrganisations();
    const reviewer = await signedInUser(ctx.sql, ["reviewer"]);
    const cases: [unknown, string][] = [
      [{ leadExpertId: lead.user.id, contributorIds: [reviewer.user.id] }, "contributorIds.0"],
      [
        { leadExpertId: "00000000-0000-4000-8000-000000000000", contributorIds: [] },
        "leadExpertId",
      ],
      [{ leadExpertId: "not-a-uuid", contributorIds: [] }, "leadExpertId"],
    ];
    for (const [people, path] of cases) {
      const res = await post(
        `/api/v1/cases/${kase.id}/triage`,
        { category: "vaccines", urgency: 3, region: "460000", ...(people as object) },
        coordinator.auth,
      );
      expect(res.status).toBe(400);
      expect((await res.json()).errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it("refuses an unknown category, a region outside Hainan and an urgency outside 1-4", async () => {
    const kase = await createCaseRow(ctx.sql);
    const { lead } = await expertsFromTwoOrganisations();
    const base = { category: "vaccines", urgency: 3, region: "460000", leadExpertId: lead.user.id };
    for (const [patch, path] of [
      [{ category: "astrology" }, "category"],
      [{ region: "110000" }, "region"],
      [{ urgency: 5 }, "urgency"],
      [{ urgency: "1" }, "urgency"],
    ] as const) {
      const res = await post(
        `/api/v1/cases/${kase.id}/triage`,
        { ...base, ...patch },
        coordinator.auth,
      );
      expect(res.status).toBe(400);
      expect((await res.json()).errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it("answers 409 with the current state for a closed case, and 404 for an unknown one", async () => {
    const closed = await createCaseRow(ctx.sql, { status: "closed" });
    const { lead } = await expertsFromTwoOrganisations();
    const body = { category: "vaccines", urgency: 3, region: "460000", leadExpertId: lead.user.id };
    const res = await post(`/api/v1/cases/${closed.id}/triage`, body, coordinator.auth);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "invalid_state", currentState: "closed" });
    const missing = await post(
      "/api/v1/cases/00000000-0000-4000-8000-000000000000/triage",
      body,
      coordinator.auth,
    );
    expect(missing.status).toBe(404);
  });

  it("is for coordinators only", async () => {
    const kase = await createCaseRow(ctx.sql);
    const expert = await signedInUser(ctx.sql, ["expert"]);
    const body = {
      category: "vaccines",
      urgency: 3,
      region: "460000",
      leadExpertId: expert.user.id,
    };
    expect((await post(`/api/v1/cases/${kase.id}/triage`, body, expert.auth)).status).toBe(403);
    expect((await post(`/api/v1/cases/${kase.id}/triage`, body, {})).status).toBe(401);
  });
});

describe("createCase", () => {
  it("opens a proactive case, or a drill, with a triage target and tells the coordinators", async () => {
    const res = await post(
      "/api/v1/cases",
      { title: "台风“摩羯”来临前的防御科普", description: "主动发声", urgency: 2, drill: true },
      coordinator.auth,
    );
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ status: "new", origin: "proactive", drill: true });
    expect(body.dueAt).toBe("2026-03-01T09:30:00.000Z");
    const [event] = await ctx.sql`select type, drill from events where case_id = ${body.id}`;
    expect(event).toEqual({ type: "case.opened", drill: true });
  });

  it("refuses an empty title and HTML, and refuses experts", async () => {
    const bad = await post("/api/v1/cases", { title: "  " }, coordinator.auth);
    expect(bad.status).toBe(400);
    const html = await post("/api/v1/cases", { title: "<b>x</b>" }, coordinator.auth);
    expect(html.status).toBe(400);
    const expert = await signedInUser(ctx.sql, ["expert"]);
    expect((await post("/api/v1/cases", { title: "台风" }, expert.auth)).status).toBe(403);
  });
});

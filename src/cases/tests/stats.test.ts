import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaseRow, createReportRow } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let coordinator: Awaited<ReturnType<typeof signedInUser>>;
const at = (iso: string, plusMinutes = 0) => new Date(Date.parse(`${iso}Z`) + plusMinutes * 60_000);

/** A case reported at `first`, triaged, drafted and published after the given minutes. */
async function history(
  first: Date,
  h: {
    urgency: number;
    category: string;
    triage: number;
    draft: number;
    publish?: number;
    deadline: number;
    reports?: number[];
    drill?: boolean;
    closeReason?: string;
    region?: string;
  },
) {
  const plus = (m: number) => new Date(first.getTime() + m * 60_000);
  const kase = await createCaseRow(ctx.sql, {
    status: h.publish === undefined ? "drafting" : "published",
    urgency: h.urgency,
    category: h.category,
    drill: h.drill ?? false,
    regionCode: h.region ?? null,
    createdAt: first,
    triagedAt: plus(h.triage),
    firstDraftAt: plus(h.draft),
    publishedAt: h.publish === undefined ? null : plus(h.publish),
    deadlineAt: plus(h.triage + h.deadline),
  });
  for (const [i, m] of (h.reports ?? []).entries()) {
    await createReportRow(ctx.sql, {
      caseId: kase.id,
      outcome: i === 0 ? "opened" : "attached",
      createdAt: plus(m),
    });
  }
  return kase;
}

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp({ ...ctx.deps, now: () => at("2025-06-10T00:00:00") });
  coordinator = await signedInUser(ctx.sql, ["coordinator"]);
  // Infectious-disease cases in 三亚 (one in its 海棠区), food-safety cases in 海口.
  const infectious = {
    urgency: 1,
    category: "infectious-disease",
    deadline: 120,
    region: "460202",
  };
  await history(at("2025-06-01T09:00:00"), {
    ...infectious,
    triage: 10,
    draft: 40,
    publish: 90,
    reports: [0, 30],
  });
  await history(at("2025-06-02T09:00:00"), {
    ...infectious,
    triage: 20,
    draft: 60,
    publish: 150,
    reports: [0],
    region: "460200",
  });
  const food = { urgency: 3, category: "food-safety", deadline: 1440, region: "460100" };
  await history(at("2025-06-03T08:00:00"), { ...food, triage: 30, draft: 300, reports: [0] });
  await history(at("2025-06-04T10:00:00"), { ...food, triage: 60, draft: 120, publish: 600 });
  // Not counted: a drill, a case before the period, a merged duplicate.
  await history(at("2025-06-05T10:00:00"), {
    ...food,
    triage: 1,
    draft: 2,
    publish: 3,
    drill: true,
  });
  await history(at("2025-05-20T10:00:00"), { ...food, triage: 1, draft: 2, publish: 3 });
  const dup = await history(at("2025-06-06T10:00:00"), { ...food, triage: 1, draft: 2 });
  await ctx.sql`update cases set status = 'closed', close_reason = 'duplicate' where id = ${dup.id}`;
  const rebuttal = await createRebuttal(ctx.sql, { claim: "测试谣言" });
  for (const day of ["02", "03", "04"]) {
    await createReportRow(ctx.sql, {
      rebuttalId: rebuttal.id,
      outcome: "matched",
      createdAt: at(`2025-06-${day}T12:00:00`),
    });
  }
});
afterAll(() => ctx.close());

const stats = async (query: string, who = coordinator) => {
  const res = await app.request(`/api/v1/stats?${query}`, { headers: who.auth });
  return { status: res.status, body: await res.json() };
};
const period = "from=2025-06-01T00:00:00Z&to=2025-06-08T00:00:00Z";

describe("getStats over a known history", () => {
  it("gives median and 90th percentile minutes to triage, first draft and publication", async () => {
    const { status, body } = await stats(period);
    expect(status).toBe(200);
    expect(body.overall).toEqual({
      cases: 4,
      toTriage: { count: 4, medianMinutes: 25, p90Minutes: 51 },
      toFirstDraft: { count: 4, medianMinutes: 90, p90Minutes: 246 },
      toPublication: { count: 3, medianMinutes: 150, p90Minutes: 510 },
    });
  });

  it("breaks the times down per urgency level and per category", async () => {
    const { body } = await stats(period);
    expect(body.byUrgency.map((u: { urgency: number }) => u.urgency)).toEqual([1, 3]);
    expect(body.byUrgency[0]).toMatchObject({
      urgency: 1,
      cases: 2,
      toTriage: { medianMinutes: 15, p90Minutes: 19 },
      toPublication: { medianMinutes: 120, p90Minutes: 144 },
    });
    const food = body.byCategory.find((c: { category: string }) => c.category === "food-safety");
    expect(food).toMatchObject({ cases: 2, toTriage: { medianMinutes: 45, p90Minutes: 57 } });
  });

  it("counts deadlines met and missed (late, or still open past it)", async () => {
    const { body } = await stats(period);
    expect(body.deadlines).toEqual({ met: 2, missed: 2, pending: 0, complianceRate: 0.5 });
  });

  it("counts reports answered at once by the library against cases opened", async () => {
    const { body } = await stats(period);
    expect(body.reports).toEqual({
      total: 7,
      matched: 3,
      attached: 1,
      opened: 3,
      matchedRate: 0.429,
    });
  });

  it("reports drills apart from real cases", async () => {
    const { body } = await stats(`${period}&drill=true`);
    expect(body.overall.cases).toBe(1);
    expect(body.overall.toPublication.medianMinutes).toBe(3);
  });

  it("narrows to a region and the places inside it", async () => {
    const sanya = await stats(`${period}&region=460200`);
    expect(sanya.status).toBe(200);
    expect(sanya.body.region).toBe("460200");
    expect(sanya.body.overall.cases).toBe(2);
    expect(sanya.body.byCategory.map((c: { category: string }) => c.category)).toEqual([
      "infectious-disease",
    ]);
    const haitang = await stats(`${period}&region=460202`);
    expect(haitang.body.overall.cases).toBe(1);
    const province = await stats(`${period}&region=460000`);
    expect(province.body.overall.cases).toBe(4);
    expect((await stats(`${period}&region=46`)).status).toBe(400);
  });

  it("refuses a backwards or malformed period, and people other than coordinators and admins", async () => {
    expect((await stats("from=2025-06-08T00:00:00Z&to=2025-06-01T00:00:00Z")).status).toBe(400);
    expect((await stats("from=yesterday")).status).toBe(400);
    const expert = await signedInUser(ctx.sql, ["expert"]);
    expect((await stats(period, expert)).status).toBe(403);
    const admin = await signedInUser(ctx.sql, ["admin"]);
    expect((await stats(period, admin)).status).toBe(200);
  });
});

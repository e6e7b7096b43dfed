import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cofactsMessages, postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation, signedInUser } from "../../../tests/support/factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let clock = new Date("2026-06-01T09:00:00Z");

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp({ ...ctx.deps, now: () => clock });
});
afterAll(() => ctx.close());

describe("a rumour from report to assigned experts", () => {
  it("reaches the right experts of two organisations with its deadline in view", async () => {
    const coordinator = await signedInUser(ctx.sql, ["coordinator"]);
    const food = await createOrganisation(ctx.sql, { kind: "government", name: "省市场监管局" });
    const nutrition = await createOrganisation(ctx.sql, {
      kind: "academic_society",
      name: "省营养学会",
    });
    const lead = await signedInUser(ctx.sql, ["expert"], {
      organisationId: food.id,
      expertise: ["food-safety"],
    });
    const helper = await signedInUser(ctx.sql, ["expert"], {
      organisationId: nutrition.id,
      expertise: ["food-safety"],
    });
    const as = (who: { auth: Record<string, string> }) => ({
      "content-type": "application/json",
      ...who.auth,
    });

    // 09:00 a member of the public pastes a forwarded message (Traditional Chinese).
    const message = cofactsMessages().find((m) => m.id === "cofacts-sample24-answer")!.claim;
    const report = await postReport(app, { text: message, platform: "wechat", region: "460100" });
    expect(report.body.outcome).toBe("opened");
    const caseId = report.body.caseId as string;

    // 09:05 the coordinator sees it at the top of the queue, due for triage at 09:30.
    clock = new Date("2026-06-01T09:05:00Z");
    const queue = await (await app.request("/api/v1/cases", { headers: coordinator.auth })).json();
    expect(queue.items[0]).toMatchObject({
      id: caseId,
      status: "new",
      dueAt: "2026-06-01T09:30:00.000Z",
    });

    // Suggestions put the food-safety experts first; triage assigns across organisations.
    const suggested = await (
      await app.request(`/api/v1/cases/${caseId}/expert-suggestions?category=food-safety`, {
        headers: coordinator.auth,
      })
    ).json();
    expect(
      suggested.experts
        .slice(0, 2)
        .map((e: { userId: string }) => e.userId)
        .sort(),
    ).toEqual([lead.user.id, helper.user.id].sort());
    const triaged = await app.request(`/api/v1/cases/${caseId}/triage`, {
      method: "POST",
      headers: as(coordinator),
      body: JSON.stringify({
        category: "food-safety",
        urgency: 2,
        region: "460100",
        leadExpertId: lead.user.id,
        contributorIds: [helper.user.id],
      }),
    });
    expect(triaged.status).toBe(200);

    // The lead expert finds the case in their own list with six hours on the clock.
    clock = new Date("2026-06-01T10:05:00Z");
    const mine = await (
      await app.request("/api/v1/cases?assignee=me", { headers: lead.auth })
    ).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      id: caseId,
      status: "triaged",
      deadlineAt: "2026-06-01T15:05:00.000Z",
    });
    expect(mine.items[0].msLeft).toBe(5 * 3_600_000);
    const detail = await (
      await app.request(`/api/v1/cases/${caseId}`, { headers: helper.auth })
    ).json();
    expect(
      new Set(detail.assignments.map((a: { organisationId: string }) => a.organisationId)),
    ).toEqual(new Set([food.id, nutrition.id]));
    expect(detail.reports[0].text).toBe(message);
  });
});

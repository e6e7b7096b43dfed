import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaseRow } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import type { Deps } from "../../deps.ts";
import { createApp } from "../../http/app.ts";
import { checkDeadline } from "../check-deadline.ts";
import { casesTasks } from "../tasks/index.ts";

let ctx: TestContext;
let workers: Workers;
let coordinator: Awaited<ReturnType<typeof signedInUser>>;

beforeAll(async () => {
  ctx = await createTestContext();
  coordinator = await signedInUser(ctx.sql, ["coordinator"]);
  workers = await startWorkers(ctx.deps, { tasks: casesTasks, pollInterval: 50 });
});
afterAll(async () => {
  await workers.stop();
  await ctx.close();
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

/** Triage through the API as if it happened at `at` (the deadline runs from then). */
async function triageAt(at: Date, caseId: string, urgency: number, leadExpertId: string) {
  const app = createApp({ ...ctx.deps, now: () => at });
  const res = await app.request(`/api/v1/cases/${caseId}/triage`, {
    method: "POST",
    headers: { "content-type": "application/json", ...coordinator.auth },
    body: JSON.stringify({ category: "weather", urgency, region: "460000", leadExpertId }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

const alerts = (caseId: string) =>
  ctx.sql<{ type: string; stage: string }[]>`
    select type, data->>'stage' as stage from events
    where case_id = ${caseId} and type like 'case.deadline_%' order by type, stage`;

describe("deadline checks", () => {
  it("fire each checkpoint that has come and wait for the one that has not", async () => {
    const kase = await createCaseRow(ctx.sql);
    const lead = await signedInUser(ctx.sql, ["expert"]);
    // Level 1: first draft 45 min, review 75 min, response 120 min (warning at 90 min).
    await triageAt(minutesAgo(100), kase.id, 1, lead.user.id);
    await expect
      .poll(() => alerts(kase.id), WAIT)
      .toEqual([
        { type: "case.deadline_missed", stage: "first_draft" },
        { type: "case.deadline_missed", stage: "review" },
        { type: "case.deadline_warning", stage: "first_draft" },
        { type: "case.deadline_warning", stage: "response" },
      ]);
    const [pending] = await ctx.sql`
      select run_at from graphile_worker.jobs where key = ${`case-deadline:${kase.id}:response:missed`}`;
    const [row] = await ctx.sql`select deadline_at from cases where id = ${kase.id}`;
    expect(pending!.runAt.getTime()).toBe(row!.deadlineAt.getTime());
  });

  it("notify the coordinators and the lead expert by email, and escalate a missed first draft", async () => {
    const kase = await createCaseRow(ctx.sql);
    const lead = await signedInUser(ctx.sql, ["expert"]);
    await triageAt(minutesAgo(50), kase.id, 1, lead.user.id);
    await expect
      .poll(() => alerts(kase.id), WAIT)
      .toContainEqual({
        type: "case.deadline_missed",
        stage: "first_draft",
      });
    const [event] = await ctx.sql`
      select data from events where case_id = ${kase.id} and type = 'case.deadline_missed'`;
    expect(event!.data).toMatchObject({
      stage: "first_draft",
      escalated: true,
      notify: { userIds: [lead.user.id], roles: ["coordinator"], email: true },
    });
    const [row] =
      await ctx.sql`select escalated_at, escalation_reason from cases where id = ${kase.id}`;
    expect(row!.escalatedAt).toBeInstanceOf(Date);
    expect(row!.escalationReason).toBe("初稿超时");
  });

  it("raise a missed triage for a case nobody triaged in time", async () => {
    const app = createApp({ ...ctx.deps, now: () => minutesAgo(31) });
    const res = await app.request("/api/v1/cases", {
      method: "POST",
      headers: { "content-type": "application/json", ...coordinator.auth },
      body: JSON.stringify({ title: "暴雨后自来水能不能直接喝" }),
    });
    const { id } = await res.json();
    await expect
      .poll(() => alerts(id), WAIT)
      .toEqual([{ type: "case.deadline_missed", stage: "triage" }]);
  });
});

describe("a deadline check run by hand", () => {
  let deps: Deps;
  beforeAll(() => {
    deps = ctx.deps;
  });

  it("fires once even when the job runs twice", async () => {
    const kase = await createCaseRow(ctx.sql, { status: "triaged", triagedAt: minutesAgo(10) });
    const check = { caseId: kase.id, stage: "response", kind: "warning", version: 0 } as const;
    expect(await checkDeadline(deps, check)).toBe("fired");
    expect(await checkDeadline(deps, check)).toBe("already");
    expect(await alerts(kase.id)).toHaveLength(1);
  });

  it("ignores a check scheduled before a re-triage", async () => {
    const kase = await createCaseRow(ctx.sql, { status: "triaged" });
    await ctx.sql`update cases set deadline_version = 2 where id = ${kase.id}`;
    const check = { caseId: kase.id, stage: "response", kind: "missed", version: 1 } as const;
    expect(await checkDeadline(deps, check)).toBe("stale");
  });

  it("stays quiet for published and closed cases and for stages already reached", async () => {
    const published = await createCaseRow(ctx.sql, {
      status: "published",
      publishedAt: new Date(),
    });
    const closed = await createCaseRow(ctx.sql, { status: "closed" });
    const drafted = await createCaseRow(ctx.sql, { status: "drafting", firstDraftAt: new Date() });
    const check = (caseId: string, stage: "response" | "first_draft") =>
      checkDeadline(deps, { caseId, stage, kind: "missed", version: 0 });
    expect(await check(published.id, "response")).toBe("done");
    expect(await check(closed.id, "response")).toBe("done");
    expect(await check(drafted.id, "first_draft")).toBe("reached");
    expect(await check("00000000-0000-4000-8000-000000000000", "response")).toBe("gone");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaseRow } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers } from "../../../workers/runner.ts";
import { createApp } from "../../http/app.ts";
import { casesTasks } from "../tasks/index.ts";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("deadline checks across a restart", () => {
  it("are kept in Postgres while no worker runs and fire once one starts", async () => {
    const coordinator = await signedInUser(ctx.sql, ["coordinator"]);
    const lead = await signedInUser(ctx.sql, ["expert"]);
    const kase = await createCaseRow(ctx.sql);
    // Triaged three hours ago at level 1 (2 h): every checkpoint is already due.
    const app = createApp({ ...ctx.deps, now: () => new Date(Date.now() - 3 * 3_600_000) });
    const res = await app.request(`/api/v1/cases/${kase.id}/triage`, {
      method: "POST",
      headers: { "content-type": "application/json", ...coordinator.auth },
      body: JSON.stringify({
        category: "weather",
        urgency: 1,
        region: "460000",
        leadExpertId: lead.user.id,
      }),
    });
    expect(res.status).toBe(200);
    const [waiting] = await ctx.sql`
      select count(*)::int as n from graphile_worker.jobs where key like ${`case-deadline:${kase.id}:%`}`;
    expect(waiting!.n).toBe(5);

    const workers = await startWorkers(ctx.deps, { tasks: casesTasks, pollInterval: 50 });
    try {
      await expect
        .poll(
          async () =>
            (
              await ctx.sql`select count(*)::int as n from events
                            where case_id = ${kase.id} and type like 'case.deadline_%'`
            )[0]!.n,
          WAIT,
        )
        .toBe(5);
    } finally {
      await workers.stop();
    }
    const [missed] = await ctx.sql`
      select count(*)::int as n from case_deadline_alerts where case_id = ${kase.id} and kind = 'missed'`;
    expect(missed!.n).toBe(3);
  });
});

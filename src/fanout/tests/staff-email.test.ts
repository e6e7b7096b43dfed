import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createUser } from "../../../tests/support/factories.ts";
import { caseOpenedData, reviewRequestedData } from "../../../tests/support/fanout-factories.ts";
import { queuedJobs } from "../../../tests/support/review-factories.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import { recordEvent } from "../../events/record.ts";
import { fanoutTasks } from "../tasks/index.ts";

let ctx: TestContext;
let workers: Workers;

beforeAll(async () => {
  ctx = await createTestContext();
  workers = await startWorkers(ctx.deps, { tasks: fanoutTasks, pollInterval: 50 });
});
afterAll(async () => {
  await workers.stop();
  await ctx.close();
});

const outbox = () =>
  fs.existsSync(ctx.deps.config.outboxDir)
    ? fs
        .readdirSync(ctx.deps.config.outboxDir)
        .map((f) => fs.readFileSync(`${ctx.deps.config.outboxDir}/${f}`, "utf8"))
    : [];

describe("staff events by email", () => {
  it("emails the people a staff event names when it asks for email, and nobody else", async () => {
    const named = await createUser(ctx.sql, { roles: ["reviewer"] });
    const other = await createUser(ctx.sql, { roles: ["reviewer"] });
    await ctx.sql.begin((tx) =>
      recordEvent(tx, {
        type: "review.requested",
        data: reviewRequestedData(
          { userIds: [named.id], roles: ["reviewer"], email: true },
          "板蓝根辟谣稿",
        ),
      }),
    );
    await ctx.sql.begin((tx) =>
      recordEvent(tx, {
        type: "case.opened",
        data: caseOpenedData({ userIds: [other.id], roles: [], email: false }, "不发邮件"),
      }),
    );
    // Only once every job ran does "nobody else" mean something: the second event's fan-out
    // may still be queued when the first email arrives.
    await expect.poll(async () => (await queuedJobs(ctx.sql)).length, WAIT).toBe(0);
    expect(outbox().filter((m) => m.includes(named.email))).toHaveLength(1);
    expect(outbox().some((m) => m.includes(other.email))).toBe(false);
  });
});

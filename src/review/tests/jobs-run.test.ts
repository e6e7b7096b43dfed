import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  chainOrganisations,
  createTriagedCase,
  person,
  queuedJobs,
  reviewApi,
} from "../../../tests/support/review-factories.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers } from "../../../workers/runner.ts";
import { createApp } from "../../http/app.ts";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("jobs committed with a publication", () => {
  it("all run to completion on the real workers", async () => {
    const api = reviewApi(createApp(ctx.deps));
    const orgs = await chainOrganisations(ctx.sql);
    const lead = await person(ctx.sql, orgs.hospital.id, "expert");
    const peer = await person(ctx.sql, orgs.cdc.id, "expert");
    const health = await person(ctx.sql, orgs.health.id, "reviewer");
    const publicity = await person(ctx.sql, orgs.publicity.id, "reviewer");
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    await api.decide(r.id, peer);
    await api.decide(r.id, health);
    const published = await (await api.decide(r.id, publicity)).json();
    expect(published.outcome).toBe("published");
    const tasks = (await queuedJobs(ctx.sql)).map((j) => j.task);
    expect(tasks).toEqual(expect.arrayContaining(["events.fanout", "library.index-rebuttal"]));

    const workers = await startWorkers(ctx.deps, { pollInterval: 50 });
    try {
      await expect.poll(async () => (await queuedJobs(ctx.sql)).length, WAIT).toBe(0);
    } finally {
      await workers.stop();
    }
  });
});

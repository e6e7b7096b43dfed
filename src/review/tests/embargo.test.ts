import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  createTriagedCase,
  healthChainCast,
  type Person,
  queuedJobs,
  reviewApi,
} from "../../../tests/support/review-factories.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers } from "../../../workers/runner.ts";
import { createApp } from "../../http/app.ts";
import { releaseRound } from "../release-round.ts";
import { releaseRebuttalTask } from "../tasks/release-rebuttal.ts";

let ctx: TestContext;
let api: ReturnType<typeof reviewApi>;
let lead: Person;
let peer: Person;
let healthReviewer: Person;
let publicityReviewer: Person;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ api, lead, peer, healthReviewer, publicityReviewer } = await healthChainCast(ctx));
});
afterAll(() => ctx.close());

/** Runs the chain to its final approval with a release time set at submit. */
async function approvedWithEmbargo(releaseAt: Date, via = api) {
  const c = await createTriagedCase(ctx.sql, { lead });
  const r = await via.draft(c.id, lead);
  const round = await via.submit(r.id, lead, { releaseAt: releaseAt.toISOString() });
  await via.decide(r.id, peer);
  await via.decide(r.id, healthReviewer);
  const final = await (await via.decide(r.id, publicityReviewer)).json();
  return { caseId: c.id, revisionId: r.id as string, roundId: round.id as string, final };
}

const rebuttalsOf = (caseId: string) => ctx.sql`select id from rebuttals where case_id = ${caseId}`;

describe("scheduled release (embargo)", () => {
  it("records the approval but publishes only when the release job runs", async () => {
    // The service's clock runs a minute behind, so the release is still ahead when the chain
    // completes however slow the machine is; the queue runs the job at the real time.
    const lagging = reviewApi(createApp({ ...ctx.deps, now: () => new Date(Date.now() - 60_000) }));
    const releaseAt = new Date(Date.now() + 500);
    const { caseId, roundId, final } = await approvedWithEmbargo(releaseAt, lagging);
    expect(final).toMatchObject({
      outcome: "scheduled",
      rebuttal: null,
      round: { status: "approved" },
    });
    expect(await rebuttalsOf(caseId)).toHaveLength(0);
    const [theCase] = await ctx.sql`select status from cases where id = ${caseId}`;
    expect(theCase!.status).toBe("in_review");
    const job = (await queuedJobs(ctx.sql)).find((j) => j.payload.roundId === roundId);
    expect(job).toMatchObject({ task: "review.release-rebuttal", runAt: releaseAt });

    const workers = await startWorkers(ctx.deps, {
      tasks: [releaseRebuttalTask],
      pollInterval: 50,
    });
    try {
      await expect.poll(async () => (await rebuttalsOf(caseId)).length, WAIT).toBe(1);
    } finally {
      await workers.stop();
    }
    const events =
      await ctx.sql`select type from events where case_id = ${caseId} and seq is not null`;
    expect(events.map((e) => e.type)).toEqual(["rebuttal.published"]);
    const [after] = await ctx.sql`select status from cases where id = ${caseId}`;
    expect(after!.status).toBe("published");
  });

  it("publishes once however often the release runs", async () => {
    const { caseId, roundId } = await approvedWithEmbargo(new Date(Date.now() + 3_600_000));
    expect(await releaseRound(ctx.deps, roundId)).toBe("published");
    expect(await releaseRound(ctx.deps, roundId)).toBe("already_released");
    const events =
      await ctx.sql`select 1 from events where case_id = ${caseId} and seq is not null`;
    expect(events).toHaveLength(1);
  });

  it("is withdrawn when a newer revision arrives before the release time", async () => {
    const { caseId, revisionId, roundId } = await approvedWithEmbargo(
      new Date(Date.now() + 3_600_000),
    );
    await api.draft(caseId, lead, { baseRevisionId: revisionId, title: "发布前又有更正" });
    expect(await releaseRound(ctx.deps, roundId)).toBe("withdrawn");
    expect(await rebuttalsOf(caseId)).toHaveLength(0);
    const [round] = await ctx.sql`select status from review_rounds where id = ${roundId}`;
    expect(round!.status).toBe("superseded");
  });

  it("leaves everything unreleased when the release transaction fails", async () => {
    const { caseId, roundId } = await approvedWithEmbargo(new Date(Date.now() + 3_600_000));
    const failing = {
      afterStep: (step: string) => {
        if (step === "event") throw new Error("injected failure");
      },
    };
    await expect(releaseRound(ctx.deps, roundId, { hooks: failing })).rejects.toThrow("injected");
    expect(await rebuttalsOf(caseId)).toHaveLength(0);
    const [round] = await ctx.sql`select released_at from review_rounds where id = ${roundId}`;
    expect(round!.releasedAt).toBeNull();
    expect(await releaseRound(ctx.deps, roundId)).toBe("published");
  });

  it("accepts the release time with the final approval instead of at submit", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    await api.decide(r.id, peer);
    await api.decide(r.id, healthReviewer);
    const releaseAt = new Date(Date.now() + 3_600_000);
    const res = await api.decide(r.id, publicityReviewer, "approve", "统一发布", {
      releaseAt: releaseAt.toISOString(),
    });
    expect(await res.json()).toMatchObject({
      outcome: "scheduled",
      round: { releaseAt: releaseAt.toISOString() },
    });
    expect(await rebuttalsOf(c.id)).toHaveLength(0);
  });

  it("refuses a release time from a decider before the final step, and records no decision", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    const res = await api.decide(r.id, peer, "approve", "", { releaseAt: "2099-01-01T00:00:00Z" });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "forbidden" });
    const decisions = await ctx.sql`select 1 from review_decisions where revision_id = ${r.id}`;
    expect(decisions).toHaveLength(0);
    await api.decide(r.id, peer);
    await api.decide(r.id, healthReviewer);
    const final = await (await api.decide(r.id, publicityReviewer)).json();
    expect(final).toMatchObject({ outcome: "published", round: { releaseAt: null } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  type ChainOrganisations,
  call,
  createTriagedCase,
  healthChainCast,
  type Person,
  person,
  queuedJobs,
  type reviewApi,
} from "../../../tests/support/review-factories.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let api: ReturnType<typeof reviewApi>;
let orgs: ChainOrganisations;
let lead: Person;
let peer: Person;
let healthReviewer: Person;
let publicityReviewer: Person;
let coordinator: Person;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ app, api, orgs, lead, peer, healthReviewer, publicityReviewer } = await healthChainCast(ctx));
  coordinator = await person(ctx.sql, orgs.publicity.id, "coordinator");
});
afterAll(() => ctx.close());

/** A case with a published rebuttal, through the full health chain. */
async function published() {
  const c = await createTriagedCase(ctx.sql, { lead });
  const r = await api.draft(c.id, lead);
  await api.submit(r.id, lead);
  await api.decide(r.id, peer);
  await api.decide(r.id, healthReviewer);
  const result = await (await api.decide(r.id, publicityReviewer)).json();
  return { caseId: c.id, revision: r, rebuttal: result.rebuttal as { id: string; slug: string } };
}

describe("updating a published rebuttal", () => {
  it("runs the shorter update chain and publishes rebuttal.updated with the previous version", async () => {
    const { caseId, revision, rebuttal } = await published();
    const update = await api.draft(caseId, lead, {
      baseRevisionId: revision.id,
      summary: "最新研究仍未发现板蓝根可预防新冠病毒感染，请勿囤购。",
    });
    const round = await api.submit(update.id, lead);
    expect(round).toMatchObject({ isUpdate: true });
    expect(round.steps.map((s: { key: string }) => s.key)).toEqual([
      "health-commission",
      "publicity",
    ]);
    await api.decide(update.id, healthReviewer);
    const result = await (await api.decide(update.id, publicityReviewer)).json();
    expect(result).toMatchObject({
      outcome: "published",
      rebuttal: { id: rebuttal.id, slug: rebuttal.slug, version: 2 },
    });
    const [row] =
      await ctx.sql`select revision_id, summary, version from rebuttals where id = ${rebuttal.id}`;
    expect(row).toMatchObject({ revisionId: update.id, version: 2 });
    const history = await ctx.sql`
      select version, revision_id, summary from rebuttal_versions
      where rebuttal_id = ${rebuttal.id} order by version`;
    expect(history.map((h) => [h.version, h.revisionId])).toEqual([
      [1, revision.id],
      [2, update.id],
    ]);
    const events = await ctx.sql`
      select type, seq, data from events where rebuttal_id = ${rebuttal.id} order by seq`;
    expect(events.map((e) => e.type)).toEqual(["rebuttal.published", "rebuttal.updated"]);
    expect(events[1]!.seq).toBe(events[0]!.seq + 1);
    expect(events[1]!.data).toMatchObject({ previousVersion: 1, rebuttal: { version: 2 } });
  });

  it("keeps the published text live while the update is reviewed", async () => {
    const { caseId, revision, rebuttal } = await published();
    const update = await api.draft(caseId, lead, { baseRevisionId: revision.id, title: "修订中" });
    await api.submit(update.id, lead);
    const [row] =
      await ctx.sql`select status, title, version from rebuttals where id = ${rebuttal.id}`;
    expect(row).toMatchObject({ status: "live", title: revision.title, version: 1 });
  });
});

describe("retracting a rebuttal", () => {
  it("lets a coordinator retract with a reason, fanned out and re-indexed", async () => {
    const { rebuttal } = await published();
    const res = await call(app, "POST", `/api/v1/rebuttals/${rebuttal.id}/retract`, coordinator, {
      reason: "原结论所依据的通报已被更正",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "retracted",
      reason: "原结论所依据的通报已被更正",
    });
    const [row] =
      await ctx.sql`select status, retraction_reason, retracted_at from rebuttals where id = ${rebuttal.id}`;
    expect(row).toMatchObject({
      status: "retracted",
      retractionReason: "原结论所依据的通报已被更正",
    });
    const [event] = await ctx.sql`
      select data, seq from events where rebuttal_id = ${rebuttal.id} and type = 'rebuttal.retracted'`;
    expect(event!.data).toMatchObject({
      reason: "原结论所依据的通报已被更正",
      rebuttal: { id: rebuttal.id },
    });
    expect(event!.seq).toBeGreaterThan(0);
    const indexJobs = (await queuedJobs(ctx.sql)).filter(
      (j) => j.task === "library.index-rebuttal" && j.payload.rebuttalId === rebuttal.id,
    );
    expect(indexJobs.length).toBeGreaterThanOrEqual(1);
    const audit =
      await ctx.sql`select action from audit_log where object_id = ${rebuttal.id} order by id`;
    expect(audit.map((a) => a.action)).toEqual(["rebuttal.published", "rebuttal.retracted"]);
  });

  it("lets the final step's organisation retract, but not an earlier step's reviewer", async () => {
    const { rebuttal } = await published();
    const body = { reason: "需要撤回" };
    const early = await call(
      app,
      "POST",
      `/api/v1/rebuttals/${rebuttal.id}/retract`,
      healthReviewer,
      body,
    );
    expect(early.status).toBe(403);
    const otherPublicity = await person(ctx.sql, orgs.publicity.id, "reviewer");
    const final = await call(
      app,
      "POST",
      `/api/v1/rebuttals/${rebuttal.id}/retract`,
      otherPublicity,
      body,
    );
    expect(final.status).toBe(200);
  });

  it("refuses to retract twice, and refuses experts, without a second event", async () => {
    const { rebuttal } = await published();
    const path = `/api/v1/rebuttals/${rebuttal.id}/retract`;
    expect((await call(app, "POST", path, lead, { reason: "作者撤回" })).status).toBe(403);
    expect((await call(app, "POST", path, coordinator, { reason: "第一次" })).status).toBe(200);
    const again = await call(app, "POST", path, coordinator, { reason: "第二次" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "invalid_state", currentState: "retracted" });
    const events = await ctx.sql`
      select 1 from events where rebuttal_id = ${rebuttal.id} and type = 'rebuttal.retracted'`;
    expect(events).toHaveLength(1);
  });

  it("needs a reason, and answers 404 for a rebuttal that does not exist", async () => {
    const { rebuttal } = await published();
    const empty = await call(app, "POST", `/api/v1/rebuttals/${rebuttal.id}/retract`, coordinator, {
      reason: "  ",
    });
    expect(empty.status).toBe(400);
    const missing = await call(
      app,
      "POST",
      "/api/v1/rebuttals/00000000-0000-4000-8000-000000000000/retract",
      coordinator,
      { reason: "不存在" },
    );
    expect(missing.status).toBe(404);
  });

  it("lets a corrected revision bring a retracted rebuttal back as a live update", async () => {
    const { caseId, revision, rebuttal } = await published();
    await call(app, "POST", `/api/v1/rebuttals/${rebuttal.id}/retract`, coordinator, {
      reason: "结论需要更正",
    });
    const fixed = await api.draft(caseId, lead, {
      baseRevisionId: revision.id,
      verdict: "misleading",
    });
    await api.submit(fixed.id, lead);
    await api.decide(fixed.id, healthReviewer);
    const result = await (await api.decide(fixed.id, publicityReviewer)).json();
    expect(result).toMatchObject({
      outcome: "published",
      rebuttal: { id: rebuttal.id, version: 2 },
    });
    const [row] = await ctx.sql`
      select status, verdict, retraction_reason from rebuttals where id = ${rebuttal.id}`;
    expect(row).toMatchObject({ status: "live", verdict: "misleading", retractionReason: null });
    const types =
      await ctx.sql`select type from events where rebuttal_id = ${rebuttal.id} order by seq`;
    expect(types.map((t) => t.type)).toEqual([
      "rebuttal.published",
      "rebuttal.retracted",
      "rebuttal.updated",
    ]);
  });
});

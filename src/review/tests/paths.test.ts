import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  type ChainOrganisations,
  call,
  createTriagedCase,
  healthChainCast,
  type Person,
  person,
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
let marketReviewer: Person;
let societyReviewer: Person;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ app, api, orgs, lead, peer, healthReviewer, publicityReviewer } = await healthChainCast(ctx));
  marketReviewer = await person(ctx.sql, orgs.market.id, "reviewer");
  societyReviewer = await person(ctx.sql, orgs.society.id, "reviewer");
});
afterAll(() => ctx.close());

const caseRow = async (id: string) =>
  (
    await ctx.sql`select status, close_reason, close_note, closed_by, closed_at from cases where id = ${id}`
  )[0]!;

describe("request changes", () => {
  it("sends the case back to drafting with the comment, and the chain restarts on the next submit", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const first = await api.draft(c.id, lead);
    await api.submit(first.id, lead);
    await api.decide(first.id, peer);
    const res = await api.decide(
      first.id,
      healthReviewer,
      "request_changes",
      "请补充世卫组织的来源",
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      outcome: "changes_requested",
      round: { status: "changes_requested" },
    });
    expect(await caseRow(c.id)).toMatchObject({ status: "drafting" });
    const resubmit = await call(app, "POST", `/api/v1/revisions/${first.id}/submit`, lead, {});
    expect(resubmit.status).toBe(409);
    expect(await resubmit.json()).toMatchObject({
      code: "invalid_state",
      currentState: "changes_requested",
    });

    const second = await api.draft(c.id, lead, { baseRevisionId: first.id, title: "补充来源后" });
    const round = await api.submit(second.id, lead);
    expect(round).toMatchObject({ waitingSteps: [0], decisions: [] });
    expect((await api.decide(second.id, peer)).status).toBe(201);
  });
});

describe("reject", () => {
  it("closes the case with the reason and accepts no more decisions", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    const res = await api.decide(r.id, peer, "reject", "该说法已由其他事件答复");
    expect(await res.json()).toMatchObject({ outcome: "rejected" });
    const closed = await caseRow(c.id);
    expect(closed).toMatchObject({
      status: "closed",
      closeReason: "rejected",
      closeNote: "该说法已由其他事件答复",
      closedBy: peer.user.id,
    });
    expect(closed.closedAt).toBeInstanceOf(Date);
    const late = await api.decide(r.id, healthReviewer);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: "invalid_state", currentState: "closed" });
  });

  it("needs a reason to reject or send back", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    const res = await api.decide(r.id, peer, "reject", "");
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([expect.objectContaining({ path: "comment" })]);
    expect(await caseRow(c.id)).toMatchObject({ status: "in_review" });
  });
});

describe("the fast track for urgency level 1", () => {
  it("opens every step at once with a short deadline, and the last approval in any order publishes", async () => {
    const c = await createTriagedCase(ctx.sql, { lead, urgency: 1 });
    const r = await api.draft(c.id, lead);
    const before = Date.now();
    const round = await api.submit(r.id, lead);
    expect(round).toMatchObject({ mode: "parallel", waitingSteps: [0, 1, 2] });
    for (const step of round.steps) {
      const due = Date.parse(step.deadlineAt);
      expect(due).toBeGreaterThan(before);
      expect(due).toBeLessThanOrEqual(Date.now() + 30 * 60_000);
    }
    const [ask] = await ctx.sql`
      select data from events where type = 'review.requested' and case_id = ${c.id}`;
    expect(ask!.data.notify.userIds).toEqual(
      expect.arrayContaining([peer.user.id, healthReviewer.user.id, publicityReviewer.user.id]),
    );
    expect(await (await api.decide(r.id, publicityReviewer)).json()).toMatchObject({
      outcome: "waiting",
      round: { waitingSteps: [0, 1] },
    });
    expect(await (await api.decide(r.id, healthReviewer)).json()).toMatchObject({
      outcome: "waiting",
    });
    expect(await (await api.decide(r.id, peer)).json()).toMatchObject({ outcome: "published" });
  });

  it("publishes exactly once when every step approves at the same moment", async () => {
    const c = await createTriagedCase(ctx.sql, { lead, urgency: 1 });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    const results = await Promise.all(
      [peer, healthReviewer, publicityReviewer].map(async (who) =>
        (await api.decide(r.id, who)).json(),
      ),
    );
    expect(results.map((x) => x.outcome).sort()).toEqual(["published", "waiting", "waiting"]);
    const events = await ctx.sql`
      select e.type from events e join rebuttals b on b.id = e.rebuttal_id where b.case_id = ${c.id}`;
    expect(events.map((e) => e.type)).toEqual(["rebuttal.published"]);
  });
});

describe("chains by category", () => {
  it("sends food safety to 市场监管局 before 宣传部", async () => {
    const c = await createTriagedCase(ctx.sql, { lead, category: "food-safety" });
    const r = await api.draft(c.id, lead);
    const round = await api.submit(r.id, lead);
    expect(round.policyId).toBe("food-safety");
    await api.decide(r.id, peer);
    expect((await api.decide(r.id, healthReviewer)).status).toBe(403);
    expect((await api.decide(r.id, marketReviewer)).status).toBe(201);
    expect(await (await api.decide(r.id, publicityReviewer)).json()).toMatchObject({
      outcome: "published",
    });
  });

  it("lets any government reviewer take the middle step of the default chain", async () => {
    const c = await createTriagedCase(ctx.sql, { lead, category: "weather" });
    const r = await api.draft(c.id, lead, { kind: "guidance", claim: null, verdict: null });
    const round = await api.submit(r.id, lead);
    expect(round.policyId).toBe("default");
    await api.decide(r.id, peer);
    expect((await api.decide(r.id, societyReviewer)).status).toBe(403);
    expect((await api.decide(r.id, marketReviewer)).status).toBe(201);
  });
});

describe("co-signing", () => {
  it("adds a step for each co-signing organisation and lists them on the rebuttal once all approved", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead, { coSignerOrgIds: [orgs.society.id, orgs.health.id] });
    const round = await api.submit(r.id, lead);
    expect(round.steps.map((s: { key: string }) => s.key)).toEqual([
      "peer-review",
      "health-commission",
      "co-sign",
      "publicity",
    ]);
    // The 卫健委 already decides a step of its own; only the society signs separately.
    expect(round.steps[2]).toMatchObject({
      organisationIds: [orgs.society.id],
      eachOrganisation: true,
    });
    await api.decide(r.id, peer);
    await api.decide(r.id, healthReviewer);
    expect((await api.decide(r.id, publicityReviewer)).status).toBe(403);
    const [noneYet] =
      await ctx.sql`select count(*)::int as n from rebuttals where case_id = ${c.id}`;
    expect(noneYet!.n).toBe(0);
    expect((await api.decide(r.id, societyReviewer)).status).toBe(201);
    const published = await (await api.decide(r.id, publicityReviewer)).json();
    expect(published.outcome).toBe("published");
    const [event] = await ctx.sql`
      select data from events where rebuttal_id = ${published.rebuttal.id}`;
    expect(event!.data.rebuttal.coSigners.map((o: { name: string }) => o.name).sort()).toEqual(
      [orgs.society.name, orgs.health.name].sort(),
    );
  });

  it("needs one approval from every co-signing organisation, not two from one", async () => {
    const other = await chainOrgLike("research");
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead, { coSignerOrgIds: [orgs.society.id, other.org.id] });
    await api.submit(r.id, lead);
    await api.decide(r.id, peer);
    await api.decide(r.id, healthReviewer);
    await api.decide(r.id, societyReviewer);
    const secondSociety = await person(ctx.sql, orgs.society.id, "reviewer");
    expect((await api.decide(r.id, secondSociety)).status).toBe(403);
    expect(await (await api.decide(r.id, other.reviewer)).json()).toMatchObject({
      outcome: "waiting",
      round: { waitingSteps: [3] },
    });
  });
});

async function chainOrgLike(kind: string) {
  const [org] = await ctx.sql`
    insert into organisations (slug, name, kind, region_code)
    values (${`co-${Math.random().toString(36).slice(2, 8)}`}, '海南大学', ${kind}, '460000')
    returning id`;
  return { org: org as { id: string }, reviewer: await person(ctx.sql, org!.id, "reviewer") };
}

describe("publication details", () => {
  it("copies the drill flag from the case to the rebuttal and its event", async () => {
    const c = await createTriagedCase(ctx.sql, { lead, drill: true, urgency: 1 });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    await api.decide(r.id, peer);
    await api.decide(r.id, healthReviewer);
    const { rebuttal } = await (await api.decide(r.id, publicityReviewer)).json();
    const [row] = await ctx.sql`select drill from rebuttals where id = ${rebuttal.id}`;
    expect(row!.drill).toBe(true);
    const [event] =
      await ctx.sql`select drill, data from events where rebuttal_id = ${rebuttal.id}`;
    expect(event).toMatchObject({ drill: true, data: { rebuttal: { drill: true } } });
  });

  it("derives the Postgres search rows in the publishing transaction", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    await api.decide(r.id, peer);
    await api.decide(r.id, healthReviewer);
    const { rebuttal } = await (await api.decide(r.id, publicityReviewer)).json();
    const rows = await ctx.sql`select 1 from rebuttal_search where rebuttal_id = ${rebuttal.id}`;
    expect(rows).toHaveLength(1);
  });

  it("accepts no decision once the case was closed elsewhere", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const r = await api.draft(c.id, lead);
    await api.submit(r.id, lead);
    await ctx.sql`update cases set status = 'closed', close_reason = 'duplicate' where id = ${c.id}`;
    const res = await api.decide(r.id, peer);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "invalid_state", currentState: "closed" });
    expect((await ctx.sql`select 1 from review_decisions where revision_id = ${r.id}`).length).toBe(
      0,
    );
  });
});

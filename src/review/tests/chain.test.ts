import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  type ChainOrganisations,
  call,
  chainOrganisations,
  createTriagedCase,
  type Person,
  person,
  queuedJobs,
  revisionBody,
} from "../../../tests/support/review-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let orgs: ChainOrganisations;
let lead: Person;
let contributor: Person;
let peer: Person;
let healthReviewer: Person;
let publicityReviewer: Person;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
  orgs = await chainOrganisations(ctx.sql);
  lead = await person(ctx.sql, orgs.hospital.id, "expert");
  // A contributor who is also a 卫健委 reviewer: the four-eyes rule must still stop them.
  contributor = await person(ctx.sql, orgs.health.id, "expert", "reviewer");
  peer = await person(ctx.sql, orgs.cdc.id, "expert");
  healthReviewer = await person(ctx.sql, orgs.health.id, "reviewer");
  publicityReviewer = await person(ctx.sql, orgs.publicity.id, "reviewer");
});
afterAll(() => ctx.close());

async function draftAndSubmit(c: { id: string }) {
  const created = await call(app, "POST", `/api/v1/cases/${c.id}/revisions`, lead, revisionBody());
  expect(created.status).toBe(201);
  const revision = await created.json();
  const submitted = await call(app, "POST", `/api/v1/revisions/${revision.id}/submit`, lead, {});
  expect(submitted.status).toBe(201);
  return { revision, round: await submitted.json() };
}

const decide = (who: Person, revisionId: string, decision = "approve", comment = "") =>
  call(app, "POST", `/api/v1/revisions/${revisionId}/decisions`, who, { decision, comment });

describe("a health rumour through the sequential chain", () => {
  it("goes from draft through expert peer review, 卫健委 and 宣传部 to one published rebuttal", async () => {
    const c = await createTriagedCase(ctx.sql, { lead, contributors: [contributor] });
    const { revision, round } = await draftAndSubmit(c);
    expect(round).toMatchObject({ policyId: "health", mode: "sequential", waitingSteps: [0] });
    expect(round.steps.map((s: { key: string }) => s.key)).toEqual([
      "peer-review",
      "health-commission",
      "publicity",
    ]);
    const [drafted] = await ctx.sql`select status, first_draft_at from cases where id = ${c.id}`;
    expect(drafted!.status).toBe("in_review");
    expect(drafted!.firstDraftAt).toBeInstanceOf(Date);

    expect((await decide(healthReviewer, revision.id)).status).toBe(403);
    const first = await decide(peer, revision.id, "approve", "证据充分");
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ outcome: "waiting", round: { waitingSteps: [1] } });
    expect(await (await decide(healthReviewer, revision.id)).json()).toMatchObject({
      outcome: "waiting",
      round: { waitingSteps: [2] },
    });
    const last = await decide(publicityReviewer, revision.id);
    const result = await last.json();
    expect(result).toMatchObject({ outcome: "published", rebuttal: { version: 1 } });

    const [rebuttal] = await ctx.sql`select * from rebuttals where case_id = ${c.id}`;
    expect(rebuttal).toMatchObject({
      id: result.rebuttal.id,
      revisionId: revision.id,
      status: "live",
      version: 1,
      category: "infectious-disease",
      regions: ["460100"],
      drill: false,
    });
    expect(rebuttal!.bodyHtml).toContain("<strong>不能</strong>");
    const [theCase] = await ctx.sql`select status, published_at from cases where id = ${c.id}`;
    expect(theCase).toMatchObject({ status: "published" });
    expect(theCase!.publishedAt).toBeInstanceOf(Date);
    const versions =
      await ctx.sql`select version from rebuttal_versions where rebuttal_id = ${rebuttal!.id}`;
    expect(versions.map((v) => v.version)).toEqual([1]);
    const events = await ctx.sql`
      select id, type, seq, data from events where rebuttal_id = ${rebuttal!.id}`;
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe("rebuttal.published");
    expect(events[0]!.seq).toBeGreaterThan(0);
    expect(events[0]!.data.rebuttal).toMatchObject({
      id: rebuttal!.id,
      url: `http://chorus.test/r/${rebuttal!.slug}`,
      version: 1,
      verdict: "false",
    });
    const queued = await queuedJobs(ctx.sql);
    expect(queued).toContainEqual(
      expect.objectContaining({
        task: "library.index-rebuttal",
        payload: { rebuttalId: rebuttal!.id },
      }),
    );
    expect(queued).toContainEqual(
      expect.objectContaining({ task: "events.fanout", payload: { eventId: events[0]!.id } }),
    );
    const audit = await ctx.sql`select action from audit_log where object_id = ${rebuttal!.id}`;
    expect(audit.map((a) => a.action)).toEqual(["rebuttal.published"]);
  });

  it("asks only the people who may decide now, and then the next step's people", async () => {
    const c = await createTriagedCase(ctx.sql, { lead, contributors: [contributor] });
    const { revision } = await draftAndSubmit(c);
    const events = async () =>
      ctx.sql`select data from events where type = 'review.requested'
              and case_id = ${c.id} order by occurred_at, id`;
    const requested = async () => (await events()).map((e) => e.data.notify.userIds as string[]);
    const [firstAsk] = await requested();
    expect(firstAsk).toContain(peer.user.id);
    expect(firstAsk).not.toContain(lead.user.id);
    expect(firstAsk).not.toContain(contributor.user.id);
    expect(firstAsk).not.toContain(healthReviewer.user.id);
    await decide(peer, revision.id);
    const asks = await requested();
    expect(asks).toHaveLength(2);
    expect(asks[1]).toContain(healthReviewer.user.id);
    expect(asks[1]).not.toContain(contributor.user.id);
    expect(asks[1]).not.toContain(publicityReviewer.user.id);
    const [, second] = await events();
    expect(second!.data).toMatchObject({ title: revision.title, notify: { email: true } });
    expect(second!.data.summary).toContain("省卫生健康委员会审核");
  });

  it("lists a waiting revision in the inbox of whoever may decide it, and nobody else's", async () => {
    const c = await createTriagedCase(ctx.sql, { lead, title: "收件箱测试事件" });
    const { revision } = await draftAndSubmit(c);
    const inbox = async (who: Person) =>
      (await (await call(app, "GET", "/api/v1/review-inbox", who)).json()).items.map(
        (i: { revisionId: string }) => i.revisionId,
      );
    expect(await inbox(peer)).toContain(revision.id);
    expect(await inbox(healthReviewer)).not.toContain(revision.id);
    expect(await inbox(lead)).not.toContain(revision.id);
    await decide(peer, revision.id);
    expect(await inbox(peer)).not.toContain(revision.id);
    expect(await inbox(healthReviewer)).toContain(revision.id);
  });

  it("keeps every decision with its comment on the revision", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const { revision } = await draftAndSubmit(c);
    await decide(peer, revision.id, "approve", "引用的指南版本正确");
    const detail = await (
      await call(app, "GET", `/api/v1/revisions/${revision.id}`, healthReviewer)
    ).json();
    expect(detail.rounds).toHaveLength(1);
    expect(detail.rounds[0].decisions).toEqual([
      expect.objectContaining({
        reviewerId: peer.user.id,
        stepIndex: 0,
        decision: "approve",
        comment: "引用的指南版本正确",
        organisationName: orgs.cdc.name,
      }),
    ]);
  });
});

describe("the four-eyes rule", () => {
  it("stops the lead expert from approving the revision they wrote", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const { revision } = await draftAndSubmit(c);
    const res = await decide(lead, revision.id);
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toContain("不能审核自己的稿件");
    const decisions =
      await ctx.sql`select 1 from review_decisions where revision_id = ${revision.id}`;
    expect(decisions).toHaveLength(0);
  });

  it("stops a co-author who holds the reviewer role at the right organisation", async () => {
    const c = await createTriagedCase(ctx.sql, { lead, contributors: [contributor] });
    const { revision } = await draftAndSubmit(c);
    await decide(peer, revision.id);
    expect((await decide(contributor, revision.id)).status).toBe(403);
    expect((await decide(healthReviewer, revision.id)).status).toBe(201);
  });

  it("refuses a reviewer deciding twice in a round with 409 and no change", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const { revision } = await draftAndSubmit(c);
    expect((await decide(peer, revision.id)).status).toBe(201);
    const again = await decide(peer, revision.id, "reject", "再次决定");
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe("conflict");
    const [theCase] = await ctx.sql`select status from cases where id = ${c.id}`;
    expect(theCase!.status).toBe("in_review");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  actorOf,
  type ChainOrganisations,
  call,
  createTriagedCase,
  healthChainCast,
  type Person,
  person,
  queuedJobs,
  revisionBody,
} from "../../../tests/support/review-factories.ts";
import type { App } from "../../http/env.ts";
import { decideReview } from "../decide-review.ts";
import type { PublishStep } from "../publish.ts";

let ctx: TestContext;
let app: App;
let orgs: ChainOrganisations;
let lead: Person;
let peer: Person;
let healthReviewer: Person;
let publicityReviewer: Person;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ app, orgs, lead, peer, healthReviewer, publicityReviewer } = await healthChainCast(ctx));
});
afterAll(() => ctx.close());

/** A revision approved by every step but the last: the next approval publishes. */
async function waitingForFinalApproval() {
  const c = await createTriagedCase(ctx.sql, { lead });
  const created = await call(app, "POST", `/api/v1/cases/${c.id}/revisions`, lead, revisionBody());
  const revision = await created.json();
  await call(app, "POST", `/api/v1/revisions/${revision.id}/submit`, lead, {});
  for (const who of [peer, healthReviewer]) {
    const res = await call(app, "POST", `/api/v1/revisions/${revision.id}/decisions`, who, {
      decision: "approve",
    });
    expect(res.status).toBe(201);
  }
  return { caseId: c.id, revisionId: revision.id as string };
}

/** Everything publishing touches, to compare before and after a failed attempt. */
async function snapshot(caseId: string, revisionId: string) {
  const [row] = await ctx.sql`
    select
      (select count(*)::int from rebuttals where case_id = ${caseId}) as rebuttals,
      (select count(*)::int from rebuttal_versions) as versions,
      (select status from cases where id = ${caseId}) as case_status,
      (select published_at from cases where id = ${caseId}) as published_at,
      (select status from review_rounds where revision_id = ${revisionId}) as round_status,
      (select status from revisions where id = ${revisionId}) as revision_status,
      (select count(*)::int from review_decisions where revision_id = ${revisionId}) as decisions,
      (select count(*)::int from events where seq is not null) as public_events,
      (select value from counters where name = 'public_event_seq') as seq,
      (select count(*)::int from audit_log) as audit_entries`;
  const counts = row as {
    rebuttals: number;
    versions: number;
    caseStatus: string;
    publishedAt: Date | null;
    roundStatus: string;
    revisionStatus: string;
    decisions: number;
    publicEvents: number;
    seq: number;
    auditEntries: number;
  };
  return { ...counts, jobs: (await queuedJobs(ctx.sql)).length };
}

const steps: PublishStep[] = ["rebuttal", "version", "case", "audit", "event", "index"];

describe("publishing is all or nothing", () => {
  it.each(steps)(
    "a failure after the %s step leaves nothing published and nothing queued",
    async (failAt) => {
      const { caseId, revisionId } = await waitingForFinalApproval();
      const before = await snapshot(caseId, revisionId);
      expect(before).toMatchObject({ rebuttals: 0, caseStatus: "in_review", roundStatus: "open" });
      const service = {
        deps: ctx.deps,
        actor: actorOf(publicityReviewer),
        meta: { ip: "127.0.0.1", requestId: "publish-atomicity" },
      };
      const hooks = {
        afterStep: (step: PublishStep) => {
          if (step === failAt) throw new Error(`injected failure after ${step}`);
        },
      };
      await expect(
        decideReview(service, { id: revisionId, decision: "approve" }, { hooks }),
      ).rejects.toThrow(`injected failure after ${failAt}`);
      expect(await snapshot(caseId, revisionId)).toEqual(before);

      const retried = await decideReview(service, { id: revisionId, decision: "approve" });
      expect(retried.outcome).toBe("published");
      const after = await snapshot(caseId, revisionId);
      expect(after).toMatchObject({
        rebuttals: 1,
        versions: before.versions + 1,
        caseStatus: "published",
        roundStatus: "approved",
        revisionStatus: "approved",
        decisions: before.decisions + 1,
        publicEvents: before.publicEvents + 1,
        seq: before.seq + 1,
      });
      // The fan-out and tell-reporters jobs of the event and the index job of the rebuttal.
      expect(after.jobs).toBe(before.jobs + 3);
    },
  );

  it("a database failure inside the transaction answers 500 and publishes nothing", async () => {
    const { caseId, revisionId } = await waitingForFinalApproval();
    await ctx.sql.unsafe(`
      create function refuse_published() returns trigger language plpgsql as $$
      begin
        if new.type = 'rebuttal.published' and new.case_id = '${caseId}' then
          raise exception 'events are refused for this case';
        end if;
        return new;
      end $$;
      create trigger refuse_published before insert on events
        for each row execute function refuse_published();`);
    try {
      const before = await snapshot(caseId, revisionId);
      const res = await call(
        app,
        "POST",
        `/api/v1/revisions/${revisionId}/decisions`,
        publicityReviewer,
        {
          decision: "approve",
        },
      );
      expect(res.status).toBe(500);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(await snapshot(caseId, revisionId)).toEqual(before);
    } finally {
      await ctx.sql.unsafe(
        `drop trigger refuse_published on events; drop function refuse_published();`,
      );
    }
  });
});

describe("concurrent approvals", () => {
  it("publish exactly once when two reviewers approve the last step at the same moment", async () => {
    const second = await person(ctx.sql, orgs.publicity.id, "reviewer");
    const { caseId, revisionId } = await waitingForFinalApproval();
    const results = await Promise.all(
      [publicityReviewer, second].map((who) =>
        call(app, "POST", `/api/v1/revisions/${revisionId}/decisions`, who, {
          decision: "approve",
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect((await refused.json()).code).toBe("invalid_state");
    const rebuttals = await ctx.sql`select id from rebuttals where case_id = ${caseId}`;
    expect(rebuttals).toHaveLength(1);
    const events = await ctx.sql`
      select type from events where rebuttal_id = ${rebuttals[0]!.id}`;
    expect(events.map((e) => e.type)).toEqual(["rebuttal.published"]);
    const decisions =
      await ctx.sql`select 1 from review_decisions where revision_id = ${revisionId}`;
    expect(decisions).toHaveLength(3);
  });

  it("let exactly one of two experts editing the same base create the next revision", async () => {
    const contributor = await person(ctx.sql, orgs.society.id, "expert");
    const c = await createTriagedCase(ctx.sql, { lead, contributors: [contributor] });
    const first = await (
      await call(app, "POST", `/api/v1/cases/${c.id}/revisions`, lead, revisionBody())
    ).json();
    const results = await Promise.all(
      [lead, contributor].map((who, i) =>
        call(app, "POST", `/api/v1/cases/${c.id}/revisions`, who, {
          ...revisionBody({ title: `第 ${i + 2} 稿` }),
          baseRevisionId: first.id,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const stale = await results.find((r) => r.status === 409)!.json();
    expect(stale.code).toBe("stale_revision");
    expect(stale.currentRevision.number).toBe(2);
    const numbers =
      await ctx.sql`select number from revisions where case_id = ${c.id} order by number`;
    expect(numbers.map((n) => n.number)).toEqual([1, 2]);
  });

  it("never publish a revision that an edit superseded at the same moment", async () => {
    const { caseId, revisionId } = await waitingForFinalApproval();
    const [approval, edit] = await Promise.all([
      call(app, "POST", `/api/v1/revisions/${revisionId}/decisions`, publicityReviewer, {
        decision: "approve",
      }),
      call(app, "POST", `/api/v1/cases/${caseId}/revisions`, lead, {
        ...revisionBody({ title: "同时修改" }),
        baseRevisionId: revisionId,
      }),
    ]);
    expect(edit.status).toBe(201);
    const rebuttals = await ctx.sql`select revision_id from rebuttals where case_id = ${caseId}`;
    if (approval.status === 201) {
      // The approval committed first: the edit starts an update of the published rebuttal.
      expect(rebuttals.map((r) => r.revisionId)).toEqual([revisionId]);
    } else {
      expect(approval.status).toBe(409);
      expect(rebuttals).toHaveLength(0);
      const [round] =
        await ctx.sql`select status from review_rounds where revision_id = ${revisionId}`;
      expect(round!.status).toBe("superseded");
    }
    const [theCase] = await ctx.sql`select status from cases where id = ${caseId}`;
    expect(theCase!.status).toBe("drafting");
  });

  it("give rebuttals approved at once across cases consecutive seqs without gaps", async () => {
    const waiting = [];
    for (let i = 0; i < 4; i++) waiting.push(await waitingForFinalApproval());
    const [before] = await ctx.sql`select value from counters where name = 'public_event_seq'`;
    const results = await Promise.all(
      waiting.map((w) =>
        call(app, "POST", `/api/v1/revisions/${w.revisionId}/decisions`, publicityReviewer, {
          decision: "approve",
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const seqs = await ctx.sql`
      select e.seq from events e join rebuttals b on b.id = e.rebuttal_id
      where b.case_id = any(${waiting.map((w) => w.caseId)}::uuid[]) order by e.seq`;
    const first = (before!.value as number) + 1;
    expect(seqs.map((e) => e.seq)).toEqual([first, first + 1, first + 2, first + 3]);
  });

  it("record one decision when the same reviewer clicks approve twice at once", async () => {
    const { caseId, revisionId } = await waitingForFinalApproval();
    const results = await Promise.all(
      [1, 2].map(() =>
        call(app, "POST", `/api/v1/revisions/${revisionId}/decisions`, publicityReviewer, {
          decision: "approve",
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const mine = await ctx.sql`
      select 1 from review_decisions
      where revision_id = ${revisionId} and reviewer_id = ${publicityReviewer.user.id}`;
    expect(mine).toHaveLength(1);
    expect(await ctx.sql`select 1 from rebuttals where case_id = ${caseId}`).toHaveLength(1);
  });
});

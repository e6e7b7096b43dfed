import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  createTriagedCase,
  healthChainCast,
  person,
} from "../../../tests/support/review-factories.ts";
import { findEvent } from "../../events/db.ts";
import { isStaffEnvelope } from "../../events/envelope.ts";
import { about } from "../../fanout/email-staff.ts";
import { envelopeOf } from "../../fanout/envelope.ts";
import { deliveryProblem } from "../console/widgets.tsx";

let ctx: TestContext;
let cast: Awaited<ReturnType<typeof healthChainCast>>;

beforeAll(async () => {
  ctx = await createTestContext();
  cast = await healthChainCast(ctx);
});
afterAll(() => ctx.close());

type Who = { auth: Record<string, string> };

const page = (path: string, who: Who) => cast.app.request(path, { headers: who.auth });

const post = (path: string, who: Who, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return cast.app.request(path, {
    method: "POST",
    headers: { ...who.auth, "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
};

async function submittedRevision(title: string) {
  const theCase = await createTriagedCase(ctx.sql, { lead: cast.lead, title });
  const draft = await cast.api.draft(theCase.id, cast.lead, { title });
  await cast.api.submit(draft.id, cast.lead);
  return { caseId: theCase.id, revisionId: draft.id as string };
}

describe("the console home lists what waits for each person", () => {
  it("a peer expert finds the review waiting for them, and the menu offers 审核待办", async () => {
    const { revisionId } = await submittedRevision("网传“喝醋能杀死病毒”");
    const html = await (await page("/console", cast.peer)).text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(`href="/console/revisions/${revisionId}"`);
    expect(html).toContain("专家同行评审");
    expect(html).toContain('href="/console/reviews"');
  });

  it("the lead expert's home lists the drafting task, not the review they wrote", async () => {
    const theCase = await createTriagedCase(ctx.sql, {
      lead: cast.lead,
      title: "网传“盐水漱口防感染”",
    });
    const html = await (await page("/console", cast.lead)).text();
    expect(html).toContain(`href="/console/cases/${theCase.id}/draft"`);
    expect(html).toContain("撰写稿件");
  });

  it("a coordinator's home lists a new case to triage", async () => {
    const coordinator = await person(ctx.sql, cast.orgs.health.id, "coordinator");
    const [row] = await ctx.sql`
      insert into cases (origin, status, title) values ('report', 'new', '网传“台风天要开窗泄压”')
      returning id`;
    const html = await (await page("/console", coordinator)).text();
    expect(html).toContain(`href="/console/cases/${row!.id}"`);
    expect(html).toContain("待研判分派");
  });
});

describe("staff emails lead to a page the recipient can act on", () => {
  it("the review request links the peer expert to the revision, which shows the decision form", async () => {
    const { revisionId } = await submittedRevision("网传“吃大蒜防流感”");
    const [row] = await ctx.sql`
      select id from events where type = 'review.requested'
        and data->>'revisionId' = ${revisionId}`;
    const env = envelopeOf((await findEvent(ctx.sql, row!.id))!);
    if (!isStaffEnvelope(env)) throw new Error("not a staff event");
    const { path, summary } = about(env);
    expect(path).toBe(`/console/revisions/${revisionId}`);
    expect(summary).toContain("案件 #");
    const res = await page(path, cast.peer);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('value="approve"');
  });
});

describe("co-signing cannot dead-end", () => {
  it("the draft page offers only organisations that can confirm, and lists the others apart", async () => {
    const theCase = await createTriagedCase(ctx.sql, {
      lead: cast.lead,
      title: "网传“喝酒防新冠”",
    });
    const html = await (await page(`/console/cases/${theCase.id}/draft`, cast.lead)).text();
    expect(html).toContain(`name="coSignerOrgIds" value="${cast.orgs.health.id}"`);
    expect(html).not.toContain(`name="coSignerOrgIds" value="${cast.orgs.hospital.id}"`);
    const unable = html.slice(html.indexOf("data-unable-co-signers"));
    expect(unable).toContain("海南省人民医院");
  });

  it("a submit with a co-signer nobody can confirm for is refused naming that organisation", async () => {
    const theCase = await createTriagedCase(ctx.sql, { lead: cast.lead, title: "网传“熏醋消毒”" });
    const draft = await cast.api.draft(theCase.id, cast.lead, {
      coSignerOrgIds: [cast.orgs.hospital.id, cast.orgs.society.id],
    });
    const res = await cast.app.request(`/api/v1/revisions/${draft.id}/submit`, {
      method: "POST",
      headers: { ...cast.lead.auth, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(409);
    const problem = await res.json();
    expect(problem.detail).toContain("海南省人民医院");
    expect(problem.detail).toContain("海南省医学会");
  });
});

describe("case pages speak to staff in Chinese", () => {
  it("re-triage starts from the lead and contributors already on the case", async () => {
    const coordinator = await person(ctx.sql, cast.orgs.health.id, "coordinator");
    const theCase = await createTriagedCase(ctx.sql, {
      lead: cast.lead,
      contributors: [cast.peer],
      title: "网传“香蕉含致癌物”",
    });
    const html = await (await page(`/console/cases/${theCase.id}`, coordinator)).text();
    expect(html).toMatch(new RegExp(`<option value="${cast.lead.user.id}" selected`));
    expect(html).toMatch(new RegExp(`name="contributorIds" value="${cast.peer.user.id}" checked`));
  });

  it("the timeline shows Chinese labels, never event or audit codes", async () => {
    const coordinator = await person(ctx.sql, cast.orgs.health.id, "coordinator");
    const { caseId } = await submittedRevision("网传“隔夜菜致癌”");
    const html = await (await page(`/console/cases/${caseId}`, coordinator)).text();
    const timeline = html.slice(html.indexOf("时间线"));
    expect(timeline).toContain("稿件送审");
    expect(timeline).not.toMatch(/\b(case|revision|review|report)\.[a-z_]+/);
  });

  it("the timeline names who acted by name and organisation, never by email, and says the organisation once", async () => {
    const named = async (name: string) => {
      const p = await person(ctx.sql, cast.orgs.health.id, "coordinator");
      await ctx.sql`update users set name = ${name} where id = ${p.user.id}`;
      return p;
    };
    const plain = await named("王协调");
    const carrying = await named("李协调（卫健委）");
    const theCase = await createTriagedCase(ctx.sql, { lead: cast.lead });
    for (const [who, urgency] of [
      [plain, "2"],
      [carrying, "1"],
    ] as const) {
      const res = await post(`/console/cases/${theCase.id}/triage`, who, {
        category: "infectious-disease",
        urgency,
        region: "460100",
        leadExpertId: cast.lead.user.id,
      });
      expect(res.headers.get("location")).toBe(`/console/cases/${theCase.id}`);
    }
    const html = await (await page(`/console/cases/${theCase.id}`, cast.lead)).text();
    const timeline = html.slice(html.indexOf("时间线"));
    expect(timeline).toContain("王协调（海南省卫生健康委员会）");
    expect(timeline).toContain("李协调（卫健委）");
    expect(timeline).not.toContain("李协调（卫健委）（");
    expect(timeline).not.toContain(plain.user.email);
    expect(timeline).not.toContain("@");
  });

  it("the coordinator sees closed and published cases on 已结案件", async () => {
    const coordinator = await person(ctx.sql, cast.orgs.health.id, "coordinator");
    await ctx.sql`
      insert into cases (origin, status, title, closed_at) values ('report', 'closed', '已关闭的旧谣言', now())`;
    const html = await (await page("/console/cases/finished", coordinator)).text();
    expect(html).toContain("已关闭的旧谣言");
    expect(html).toContain('href="/console/cases/finished"');
  });
});

describe("Post/Redirect/Get for console forms", () => {
  it("a refused triage redirects to the case page, which shows the errors once", async () => {
    const coordinator = await person(ctx.sql, cast.orgs.health.id, "coordinator");
    const theCase = await createTriagedCase(ctx.sql, { lead: cast.lead });
    const res = await post(`/console/cases/${theCase.id}/triage`, coordinator, {
      category: "no-such-category",
      urgency: "9",
      region: "460000",
      leadExpertId: "not-an-id",
    });
    expect(res.status).toBe(303);
    const to = res.headers.get("location")!;
    expect(to).toMatch(new RegExp(`^/console/cases/${theCase.id}\\?form=`));
    const first = await (await page(to, coordinator)).text();
    expect(first).toContain('role="alert"');
    const again = await (await page(to, coordinator)).text();
    expect(again).not.toContain('class="alert"');
  });

  it("another person cannot read someone's kept form state", async () => {
    const coordinator = await person(ctx.sql, cast.orgs.health.id, "coordinator");
    const other = await person(ctx.sql, cast.orgs.health.id, "coordinator");
    const theCase = await createTriagedCase(ctx.sql, { lead: cast.lead });
    const res = await post(`/console/cases/${theCase.id}/triage`, coordinator, { urgency: "9" });
    const html = await (await page(res.headers.get("location")!, other)).text();
    expect(html).not.toContain('class="alert"');
  });

  it("a decision redirects to the revision page with a confirmation", async () => {
    const { revisionId } = await submittedRevision("网传“洗热水澡防病毒”");
    const res = await post(`/console/revisions/${revisionId}/decide`, cast.peer, {
      decision: "approve",
      comment: "同意",
    });
    expect(res.status).toBe(303);
    const html = await (await page(res.headers.get("location")!, cast.peer)).text();
    expect(html).toContain("已通过");
  });
});

describe("console frame and media words", () => {
  it("serves an SVG favicon that every console page links", async () => {
    const res = await cast.app.request("/assets/favicon.svg");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    const html = await (await page("/console", cast.peer)).text();
    expect(html).toContain('rel="icon" href="/assets/favicon.svg"');
  });

  it("a delivered email shows no problem and a failure never shows a server path", () => {
    const written = "written /srv/chorus/.data/outbox/abc.eml";
    expect(deliveryProblem({ status: "delivered", lastError: null, lastStatus: written })).toBe(
      "—",
    );
    const failed = deliveryProblem({
      status: "failed",
      lastError: "cannot write /srv/chorus/.data/outbox/abc.eml",
      lastStatus: null,
    });
    expect(failed).not.toContain("/srv");
    expect(failed).toContain("cannot write");
  });
});

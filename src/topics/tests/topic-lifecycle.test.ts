import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  call,
  healthChainCast,
  type Person,
  person,
  type reviewApi,
} from "../../../tests/support/review-factories.ts";
import { matchesFilters, subscriptionFilters } from "../../fanout/filters.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let api: ReturnType<typeof reviewApi>;
let cast: Awaited<ReturnType<typeof healthChainCast>>;
let coordinator: Person;

beforeAll(async () => {
  ctx = await createTestContext();
  cast = await healthChainCast(ctx);
  ({ app, api } = cast);
  coordinator = await person(ctx.sql, cast.orgs.publicity.id, "coordinator");
});
afterAll(() => ctx.close());

const get = async (path: string, who?: Person) => {
  const res = await call(app, "GET", path, who);
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
};

/** Triage as the coordinator, then draft and take it through the whole health chain. */
async function answer(caseId: string, over: Record<string, unknown> = {}) {
  const triaged = await call(app, "POST", `/api/v1/cases/${caseId}/triage`, coordinator, {
    category: "infectious-disease",
    urgency: 2,
    region: "460106",
    leadExpertId: cast.lead.user.id,
    contributorIds: [],
  });
  expect(triaged.status).toBe(200);
  const r = await api.draft(caseId, cast.lead, over);
  await api.submit(r.id, cast.lead);
  await api.decide(r.id, cast.peer);
  await api.decide(r.id, cast.healthReviewer);
  const result = await (await api.decide(r.id, cast.publicityReviewer)).json();
  expect(result.outcome).toBe("published");
  return result.rebuttal as { id: string; slug: string };
}

describe("an emergency topic from opening to closing", () => {
  it("gathers the reports of its region, shows the answer on its page and feed, then closes", async () => {
    const opened = await call(app, "POST", "/api/v1/topics", coordinator, {
      name: "台风“摩羯”",
      kind: "typhoon",
      regions: ["460100"],
      summary: "台风期间的谣言与防护指引",
      slug: "typhoon-yagi",
    });
    expect(opened.status).toBe(201);
    const topic = await opened.json();
    expect(topic).toMatchObject({ slug: "typhoon-yagi", kindLabel: "台风", active: true });

    // A report from a county of Haikou lands in the Haikou topic; one from Sanya does not.
    const inside = await postReport(app, {
      text: "台风过后自来水都有毒，千万别喝",
      region: "460106",
    });
    const outside = await postReport(app, { text: "三亚所有航班全部停飞三天了", region: "460200" });
    expect([inside.body.outcome, outside.body.outcome]).toEqual(["opened", "opened"]);
    const detail = await (await call(app, "GET", `/api/v1/topics/${topic.id}`, coordinator)).json();
    expect(detail.cases.map((c: { id: string }) => c.id)).toEqual([inside.body.caseId]);
    expect(detail.cases[0].attachedAutomatically).toBe(true);

    // The answer carries the topic in its event, passes a topic filter, and shows on the page.
    const rebuttal = await answer(inside.body.caseId as string, {
      claim: "台风过后自来水有毒",
      title: "台风过后自来水经检测合格，可放心使用",
    });
    const [event] = await ctx.sql<{ data: { rebuttal: Record<string, unknown> } }[]>`
      select data from events where rebuttal_id = ${rebuttal.id}`;
    expect(event!.data.rebuttal.topics).toEqual([{ slug: "typhoon-yagi", name: "台风“摩羯”" }]);
    const facts = { type: "rebuttal.published", category: null, regions: [], urgency: 2 };
    const wants = (topics: string[]) => subscriptionFilters.parse({ topics });
    expect(
      matchesFilters(wants(["typhoon-yagi"]), { ...facts, topics: ["typhoon-yagi"] }, new Map()),
    ).toBe(true);
    expect(
      matchesFilters(wants(["other-topic"]), { ...facts, topics: ["typhoon-yagi"] }, new Map()),
    ).toBe(false);
    const cap = await get("/api/v1/feeds/cap");
    expect(cap.text).toContain("<event>台风“摩羯”</event>");

    const page = await get("/topics/typhoon-yagi");
    expect(page.status).toBe(200);
    expect(page.text).toContain("台风过后自来水经检测合格，可放心使用");
    // Claim and answer apart (issue 13): no verdict badge beside the advice.
    expect(page.text).toMatch(
      /<p class="claim[^"]*"><span class="word">网传<\/span>「台风过后自来水有毒」/,
    );
    expect(page.text).toMatch(
      /<span class="word">真相<\/span><a href="\/r\/[^"]+">台风过后自来水经检测合格/,
    );
    expect(page.text).not.toContain("三亚所有航班");
    for (const [ext, type] of [
      ["atom", "application/atom+xml"],
      ["rss", "application/rss+xml"],
      ["json", "application/feed+json"],
    ]) {
      const feed = await get(`/topics/typhoon-yagi/feed.${ext}`);
      expect(feed.type).toContain(type);
      expect(feed.text).toContain(`/r/${rebuttal.slug}`);
    }
    expect((await get("/")).text).toContain('href="/topics/typhoon-yagi"');

    // Closed: the banner goes and new reports stay out; the page stays.
    const closed = await call(app, "POST", `/api/v1/topics/${topic.id}/close`, coordinator);
    expect(await closed.json()).toMatchObject({ status: "closed", active: false });
    expect((await get("/")).text).not.toContain('href="/topics/typhoon-yagi"');
    const late = await postReport(app, {
      text: "台风又要来了，明天全市停水停电",
      region: "460106",
    });
    const after = await (await call(app, "GET", `/api/v1/topics/${topic.id}`, coordinator)).json();
    expect(after.cases.map((c: { id: string }) => c.id)).not.toContain(late.body.caseId);
    expect((await get("/topics/typhoon-yagi")).text).toContain("已结束");
    const again = await call(app, "POST", `/api/v1/topics/${topic.id}/close`, coordinator);
    expect(again.status).toBe(409);
  }, 60_000);
});

describe("topic rules", () => {
  it("pins guidance above newer rebuttals on the topic page", async () => {
    const t = await (
      await call(app, "POST", "/api/v1/topics", coordinator, {
        name: "登革热疫情",
        kind: "outbreak",
        regions: ["460000"],
        slug: "dengue",
      })
    ).json();
    const guidance = await postReport(app, {
      text: "登革热要怎么防蚊，家里该做什么",
      region: "460106",
    });
    const g = await answer(guidance.body.caseId as string, {
      kind: "guidance",
      claim: null,
      verdict: null,
      title: "登革热防蚊指引：清积水、挂蚊帐",
    });
    const later = await postReport(app, { text: "登革热会人传人，病人要隔离", region: "460108" });
    await answer(later.body.caseId as string, {
      claim: "登革热会人传人",
      title: "登革热不会人传人",
    });
    const page = (await get("/topics/dengue")).text;
    expect(page.indexOf("登革热防蚊指引")).toBeGreaterThan(-1);
    expect(page.indexOf("登革热防蚊指引")).toBeLessThan(page.indexOf("登革热不会人传人"));
    expect(g.slug).toBeTruthy();
    await call(app, "POST", `/api/v1/topics/${t.id}/close`, coordinator);
  }, 60_000);

  it("refuses unknown regions, a taken slug and experts opening topics", async () => {
    const body = { name: "测试", kind: "flood", regions: ["469999"] };
    const bad = await call(app, "POST", "/api/v1/topics", coordinator, body);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ path: "regions.0", message: "未知的地区代码" }]);
    const ok = { ...body, regions: ["460200"], slug: "flood-x" };
    expect((await call(app, "POST", "/api/v1/topics", coordinator, ok)).status).toBe(201);
    const taken = await call(app, "POST", "/api/v1/topics", coordinator, ok);
    expect((await taken.json()).errors[0].path).toBe("slug");
    expect((await call(app, "POST", "/api/v1/topics", cast.lead, ok)).status).toBe(403);
  });

  it("never shows a drill topic to the public nor puts real reports in it", async () => {
    const drill = await (
      await call(app, "POST", "/api/v1/topics", coordinator, {
        name: "地震演练",
        kind: "earthquake",
        regions: ["460300"],
        drill: true,
        slug: "quake-drill",
      })
    ).json();
    expect((await get("/topics/quake-drill")).status).toBe(404);
    const r = await postReport(app, { text: "三沙马上要发生大地震了，快跑", region: "460300" });
    const d = await (await call(app, "GET", `/api/v1/topics/${drill.id}`, coordinator)).json();
    expect(d.cases.map((c: { id: string }) => c.id)).not.toContain(r.body.caseId);
  });
});

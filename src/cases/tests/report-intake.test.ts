import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cofactsMessages, dxyRumours, postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { publishDxyRumour } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
const rebuttalIds = new Map<string, string>();

// Part of the real DXY library is live; the persimmon forward (Cofacts) is not answered yet.
beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
  for (const r of dxyRumours().slice(0, 40))
    rebuttalIds.set(r.id, await publishDxyRumour(ctx.sql, r));
});
afterAll(() => ctx.close());

const persimmon = () => cofactsMessages().find((m) => m.id === "cofacts-sample2-answer")!.claim;

describe("a public report", () => {
  it("is answered at once when the live library already has the rebuttal", async () => {
    const { res, body } = await postReport(app, {
      text: "听说盐水漱口能预防感染新冠病毒？家里老人天天在漱",
      platform: "wechat",
    });
    expect(res.status).toBe(201);
    expect(body.outcome).toBe("matched");
    expect(body.caseId).toBeUndefined();
    const matches = body.matches as { rebuttalId: string; score: number }[];
    expect(matches[0]!.rebuttalId).toBe(rebuttalIds.get("dxy-2"));
    const [row] =
      await ctx.sql`select report_count from rebuttals where id = ${rebuttalIds.get("dxy-2")!}`;
    expect(row!.reportCount).toBe(1);
    const [report] =
      await ctx.sql`select outcome, rebuttal_id, case_id from reports where id = ${body.id as string}`;
    expect(report).toMatchObject({
      outcome: "matched",
      rebuttalId: rebuttalIds.get("dxy-2"),
      caseId: null,
    });
  });

  it("matches a real DXY question asked in Traditional Chinese", async () => {
    const { body } = await postReport(app, { text: "熏艾可以預防新冠肺炎嗎？" });
    expect(body.outcome).toBe("matched");
    expect((body.matches as { rebuttalId: string }[])[0]!.rebuttalId).toBe(
      rebuttalIds.get("dxy-3"),
    );
  });

  it("opens a new case for a rumour nobody has answered, and tells the coordinators", async () => {
    const { res, body } = await postReport(app, {
      text: persimmon(),
      platform: "website",
      sourceUrl: "https://example.com/forward/1",
      region: "460100",
      contact: "13800000000",
    });
    expect(res.status).toBe(201);
    expect(body.outcome).toBe("opened");
    expect(JSON.stringify(body)).not.toContain("13800000000");
    const [kase] =
      await ctx.sql`select status, origin, title, report_count, region_code from cases where id = ${body.caseId as string}`;
    expect(kase).toMatchObject({
      status: "new",
      origin: "report",
      reportCount: 1,
      regionCode: "460100",
    });
    expect(kase!.title.length).toBeLessThanOrEqual(60);
    const [event] =
      await ctx.sql`select type, data from events where case_id = ${body.caseId as string}`;
    expect(event!.type).toBe("case.opened");
    expect(event!.data.notify).toEqual({ userIds: [], roles: ["coordinator"], email: false });
    expect(JSON.stringify(event!.data)).not.toContain("13800000000");
  });

  it("lands in the same case when the same rumour arrives in other words and in Simplified Chinese", async () => {
    const first = await postReport(app, { text: `${persimmon()}\n（转自家族群）` });
    const second = await postReport(app, {
      text: "群里都在传：吃完柿子千万别喝优酪乳，也不能吃香蕉，会中毒，有个孩子还没送到医院就没了。这是真的吗？",
      platform: "weibo",
    });
    expect(first.body.outcome).toBe("attached");
    expect(second.body.outcome).toBe("attached");
    expect(second.body.caseId).toBe(first.body.caseId);
    const [kase] =
      await ctx.sql`select report_count, last_report_at from cases where id = ${first.body.caseId as string}`;
    expect(kase!.reportCount).toBe(3);
    expect(kase!.lastReportAt).toBeInstanceOf(Date);
  });

  it("opens a separate case for a different rumour", async () => {
    const kaseOf = async (text: string) => (await postReport(app, { text })).body;
    const persimmonCase = await kaseOf("吃完柿子别喝优酪乳也别吃香蕉会中毒，是真的吗");
    const line = await kaseOf(
      cofactsMessages().find((m) => m.id === "cofacts-5478542741476-answer")!.claim,
    );
    expect(line.outcome).toBe("opened");
    expect(line.caseId).not.toBe(persimmonCase.caseId);
  });

  it("suggests likely rebuttals even when it opens a case", async () => {
    const { body } = await postReport(app, {
      text: "板蓝根能治好新冠后遗症吗",
    });
    expect(body.outcome).toBe("opened");
    const ids = (body.matches as { rebuttalId: string; score: number }[]).map((m) => m.rebuttalId);
    expect(ids).toContain(rebuttalIds.get("dxy-10"));
  });

  it("opens one case, not several, when wordings of a new rumour arrive at the same moment", async () => {
    const wordings = [
      "紧急通知：明天起海口所有超市停业一周，赶紧去囤米囤油！",
      "緊急通知：明天起海口所有超市停業一週，趕緊去囤米囤油！",
      "听说明天起海口所有超市都要停业一周，要赶紧囤米囤油吗？",
      "海口所有超市明天起停业一周？家里人让我赶紧去囤米囤油",
    ];
    const results = await Promise.all(wordings.map((text) => postReport(app, { text })));
    expect(results.map((r) => r.body.outcome).sort()).toEqual([
      "attached",
      "attached",
      "attached",
      "opened",
    ]);
    expect(new Set(results.map((r) => r.body.caseId)).size).toBe(1);
  });
});

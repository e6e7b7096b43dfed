import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  call,
  healthChainCast,
  type Person,
  person,
} from "../../../tests/support/review-factories.ts";
import { type SmtpInbox, startSmtpInbox } from "../../../tests/support/smtp-inbox.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import type { App } from "../../http/env.ts";
import { casesTasks } from "../tasks/index.ts";

let ctx: TestContext;
let smtp: SmtpInbox;
let workers: Workers;
let app: App;
let cast: Awaited<ReturnType<typeof healthChainCast>>;
let coordinator: Person;

beforeAll(async () => {
  smtp = await startSmtpInbox();
  ctx = await createTestContext({ SMTP_URL: smtp.url });
  workers = await startWorkers(ctx.deps, { tasks: casesTasks, pollInterval: 50 });
  cast = await healthChainCast(ctx);
  app = cast.app;
  coordinator = await person(ctx.sql, cast.orgs.publicity.id, "coordinator");
});
afterAll(async () => {
  await workers.stop();
  await ctx.close();
  await smtp.close();
});

const WAIT = { timeout: 30_000, interval: 100 };
const status = async (code: string) => (await call(app, "GET", `/api/v1/reports/${code}`)).json();
const decoded = (raw: string) => raw.replace(/=\r?\n/g, "");

describe("answers back to the reporter", () => {
  it("emails the answer and then the retraction to who asked, and nothing to who did not", async () => {
    const text = "台风过后海口的自来水都被污染了，喝了会拉肚子，千万别喝";
    const asked = await postReport(app, {
      text,
      region: "460106",
      email: "citizen@example.cn",
      notify: true,
    });
    const silent = await postReport(app, { text: `${text}！转给家人`, region: "460106" });
    const noConsent = await postReport(app, {
      text: `${text}。`,
      region: "460106",
      email: "no-consent@example.cn",
    });
    const code = asked.body.trackingCode as string;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    const caseId = asked.body.caseId as string;
    expect([silent.body.caseId, noConsent.body.caseId]).toEqual([caseId, caseId]);
    expect(await status(code)).toMatchObject({ state: "received", label: "已收到" });
    expect(JSON.stringify(await status(code))).not.toContain("citizen@example.cn");

    await call(app, "POST", `/api/v1/cases/${caseId}/triage`, coordinator, {
      category: "infectious-disease",
      urgency: 2,
      region: "460106",
      leadExpertId: cast.lead.user.id,
      contributorIds: [],
    });
    expect(await status(code)).toMatchObject({ state: "checking", label: "核实中" });
    const r = await cast.api.draft(caseId, cast.lead, { title: "台风后海口自来水检测合格" });
    await cast.api.submit(r.id, cast.lead);
    await cast.api.decide(r.id, cast.peer);
    await cast.api.decide(r.id, cast.healthReviewer);
    const published = await (await cast.api.decide(r.id, cast.publicityReviewer)).json();
    expect(await status(code)).toMatchObject({
      state: "answered",
      label: "已发布解答",
      rebuttal: { title: "台风后海口自来水检测合格", retracted: false },
    });

    await expect.poll(() => smtp.inbox.length, WAIT).toBe(1);
    expect(smtp.inbox[0]!.to).toEqual(["citizen@example.cn"]);
    expect(decoded(smtp.inbox[0]!.raw)).toContain(code);

    const retracted = await call(
      app,
      "POST",
      `/api/v1/rebuttals/${published.rebuttal.id}/retract`,
      coordinator,
      {
        reason: "水质复检发现个别小区二次供水不合格，正在重新核实",
      },
    );
    expect(retracted.status).toBe(200);
    await expect.poll(() => smtp.inbox.length, WAIT).toBe(2);
    expect(smtp.inbox[1]!.to).toEqual(["citizen@example.cn"]);
    const unsubscribe = /(\/report\/unsubscribe\/[0-9a-f-]{36}\?sig=[\w-]+)/.exec(
      decoded(smtp.inbox[1]!.raw),
    )![1]!;

    // The job is safe to run twice: the notices table remembers who was told (written just after
    // the send, so it is polled too).
    await expect
      .poll(
        async () =>
          (await ctx.sql`select report_id from report_notices`).map((n) => n.reportId as string),
        WAIT,
      )
      .toEqual([asked.body.id, asked.body.id]);

    const page = await app.request(unsubscribe);
    expect(page.status).toBe(200);
    const [follower] =
      await ctx.sql`select email from report_followers where report_id = ${asked.body.id as string}`;
    expect(follower!.email).toBeNull();
    expect((await app.request(`${unsubscribe.split("?")[0]}?sig=forged`)).status).toBe(404);
  }, 60_000);

  it("shows a closed report as declined with its reason, and refuses unknown codes", async () => {
    const report = await postReport(app, {
      text: "明天全省停课一周，教育厅刚刚发的通知",
      region: "460100",
    });
    await call(app, "POST", `/api/v1/cases/${report.body.caseId}/close`, coordinator, {
      reason: "out_of_scope",
    });
    const code = report.body.trackingCode as string;
    expect(await status(code.toLowerCase())).toMatchObject({
      state: "declined",
      label: "不予处理",
      reason: "不在本平台受理范围内",
    });
    const page = await app.request(`/report/${code}`);
    expect(await page.text()).toContain("不予处理");
    expect((await call(app, "GET", "/api/v1/reports/ZZZZZZZZ")).status).toBe(404);
  });
});

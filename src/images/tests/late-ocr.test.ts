import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { renderScreenshot } from "../../../tests/support/screenshots.ts";
import { type SmtpInbox, startSmtpInbox } from "../../../tests/support/smtp-inbox.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import { casesTasks } from "../../cases/tasks/index.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { loadStarterLibrary } from "../../library/starter.ts";
import { stopOcr } from "../ocr/ocr-pool.ts";
import { imagesTasks } from "../tasks/index.ts";

let ctx: TestContext;
let app: App;
let smtp: SmtpInbox;
let workers: Workers;

beforeAll(async () => {
  smtp = await startSmtpInbox();
  // OCR_WAIT_MS=0: the report never waits for OCR, so every image takes the late path.
  ctx = await createTestContext({
    TRUST_PROXY: "true",
    OCR_WAIT_MS: "0",
    SMTP_URL: smtp.url,
  });
  app = createApp(ctx.deps);
  await loadStarterLibrary(ctx.deps);
  workers = await startWorkers(ctx.deps, {
    tasks: [...imagesTasks, ...casesTasks],
    pollInterval: 50,
  });
}, 120_000);
afterAll(async () => {
  await workers.stop();
  await stopOcr();
  await ctx.close();
  await smtp.close();
});

let address = 0;
let looks = 0;
async function postImage(image: Buffer, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("image", new File([new Uint8Array(image)], "screenshot.png", { type: "image/png" }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const res = await app.request("/api/v1/reports", {
    method: "POST",
    body: form,
    headers: { "x-forwarded-for": `10.19.0.${++address}` },
  });
  return { res, body: (await res.json()) as Record<string, string> };
}

/** Everything the late path changes, read together so that each poll sees all of it. */
async function lateState(reportId: string, code: string, email?: string) {
  const [row] = await ctx.sql<Record<string, unknown>[]>`
    select i.ocr_status, i.recognised_text, r.outcome, r.text,
           (select slug from rebuttals where id = r.rebuttal_id) as answer,
           c.status as case_status, c.close_reason, c.title as case_title
    from report_images i join reports r on r.id = i.report_id
    left join cases c on c.id = r.case_id
    where r.id = ${reportId}`;
  // Each look from its own address: the status page's rate limit is not what this is about.
  const n = ++looks;
  const look = { headers: { "x-forwarded-for": `10.20.${Math.floor(n / 250) % 250}.${n % 250}` } };
  const status = (await (await app.request(`/api/v1/reports/${code}`, look)).json()) as {
    state: string;
    rebuttal: { url: string } | null;
  };
  const mail = email ? smtp.inbox.find((m) => m.to.includes(email)) : undefined;
  return {
    ...row,
    state: status.state,
    answerUrl: status.rebuttal?.url ?? null,
    mail: mail ? mail.raw.replace(/=\r?\n/g, "") : null,
  };
}

const WAIT = { timeout: 180_000, interval: 250 };

describe("a screenshot read after its report was answered", () => {
  it("answers the report, closes the case it opened and emails the reporter who asked", async () => {
    const shot = await renderScreenshot("喝板蓝根可以预防新冠肺炎？赶紧转给家里人，每天喝一包！", {
      kind: "chat",
    });
    const email = "late-reader@example.cn";
    const { res, body } = await postImage(shot, { email, notify: "true" });
    expect(res.status).toBe(201);
    expect(body).toMatchObject({ image: "reading", recognisedText: null, outcome: "opened" });

    await expect
      .poll(() => lateState(body.id!, body.trackingCode!, email), WAIT)
      .toMatchObject({
        ocrStatus: "done",
        outcome: "matched",
        answer: "banlangen-prevents",
        caseStatus: "closed",
        closeReason: "answered",
        state: "answered",
        recognisedText: expect.stringContaining("板蓝根"),
        answerUrl: "http://chorus.test/r/banlangen-prevents",
        mail: expect.stringMatching(
          new RegExp(`chorus\\.test/r/banlangen-prevents[\\s\\S]*/report/${body.trackingCode}`),
        ),
      });
  }, 240_000);

  it("gives the case it opened the text it read, when the library has no answer", async () => {
    const shot = await renderScreenshot("明天起全市停水三天，请大家今晚务必储备饮用水！", {
      kind: "notice",
    });
    const { res, body } = await postImage(shot);
    expect(res.status).toBe(201);
    expect(body).toMatchObject({ image: "reading", outcome: "opened" });

    await expect
      .poll(() => lateState(body.id!, body.trackingCode!), WAIT)
      .toMatchObject({
        ocrStatus: "done",
        outcome: "opened",
        answer: null,
        caseStatus: "new",
        state: "received",
        text: expect.stringContaining("停水三天"),
        caseTitle: expect.not.stringContaining("未识别出文字"),
      });
  }, 240_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { reporterEmail } from "../../cases/reporter-email.ts";
import { insertEvent, nextPublicSeq } from "../../events/db.ts";
import type { PublicEventEnvelope } from "../../events/envelope.ts";
import type { RebuttalSnapshot } from "../../events/rebuttal-data.ts";
import { rebuttalEmail } from "../../fanout/email-content.ts";
import { createApp } from "../../http/app.ts";

const rebuttal: RebuttalSnapshot = {
  id: "0b0e7e52-8a57-4c43-9d55-2f3b0a5c7a11",
  slug: "banlangen-prevents",
  url: "http://chorus.test/r/banlangen-prevents",
  kind: "rebuttal",
  claim: "喝板蓝根可以预防新冠肺炎",
  verdict: "false",
  title: "板蓝根不能预防新冠肺炎",
  summary: "没有证据表明板蓝根能预防新冠病毒感染。",
  category: "infectious-disease",
  regions: [],
  urgency: 3,
  coSigners: [],
  version: 1,
  publishedAt: "2020-02-01T00:00:00.000Z",
  updatedAt: "2020-02-01T00:00:00.000Z",
  drill: false,
};
const card = "http://chorus.test/r/banlangen-prevents/card.png";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
}, 120_000);
afterAll(() => ctx.close());

describe("the share card travels with every message", () => {
  it("is linked from the email to subscribers, in text and in HTML", () => {
    const envelope = {
      id: "a6f5f0a4-5d0e-4f57-8f57-0c7f3f0e2b01",
      type: "rebuttal.published",
      seq: 7,
      occurredAt: "2020-02-01T00:00:00.000Z",
      data: { rebuttal },
    } as PublicEventEnvelope;
    const mail = rebuttalEmail(envelope, "http://chorus.test/unsubscribe/x");
    expect(mail.text).toContain(`分享卡片（可转发到群聊的图片）：${card}`);
    expect(mail.html).toContain(`<a href="${card}">分享卡片</a>`);
  });

  it("is linked from the email to a reporter", () => {
    const mail = reporterEmail(
      "rebuttal.published",
      { rebuttal },
      {
        reportId: rebuttal.id,
        email: "a@example.cn",
        unsubscribeKey: "k",
        trackingCode: "7K3M9Q2D",
      },
      "http://chorus.test",
    );
    expect(mail.text).toContain(card);
  });

  it("is offered beside each message of the media portal's live list", async () => {
    await insertEvent(ctx.sql, {
      seq: await nextPublicSeq(ctx.sql),
      type: "rebuttal.published",
      rebuttalId: null,
      drill: false,
      data: { rebuttal },
    });
    const media = await signedInUser(ctx.sql, ["media"]);
    const res = await createApp(ctx.deps).request("/console/media", { headers: media.auth });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(new RegExp(`<a href="${card}" download="">分享卡片</a>`));
  });
});

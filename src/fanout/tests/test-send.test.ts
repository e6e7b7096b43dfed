import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation, signedInUser } from "../../../tests/support/factories.ts";
import { createSubscriptionRow, webhookReceiver } from "../../../tests/support/fanout-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { TEST_SENDS_PER_WINDOW } from "../routes/test-subscription.ts";
import { newWebhookSecret } from "../signing.ts";

let ctx: TestContext;
let app: App;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" });
  app = createApp(ctx.deps);
});
afterAll(async () => {
  for (const close of closers) await close();
  await ctx.close();
});

async function mediaDesk() {
  const org = await createOrganisation(ctx.sql, { kind: "media" });
  const staff = await signedInUser(ctx.sql, ["media"], { organisationId: org.id });
  return { org, staff };
}

const testSend = (id: string, auth: Record<string, string>) =>
  app.request(`/api/v1/subscriptions/${id}/test`, { method: "POST", headers: auth });

describe("test-sending a subscription", () => {
  it("posts a signed test message the receiver verifies, without recording an event", async () => {
    const { org, staff } = await mediaDesk();
    const secret = newWebhookSecret();
    const receiver = await webhookReceiver(secret);
    closers.push(receiver.close);
    const sub = await createSubscriptionRow(ctx.sql, {
      organisationId: org.id,
      target: receiver.url,
      secret,
    });
    const res = await testSend(sub.id, staff.auth);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, response: "204", error: null });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({
      verified: true,
      envelope: { type: "subscription.test", seq: null, data: { subscriptionId: sub.id } },
    });
    const [events] = await ctx.sql`select count(*)::int as n from events`;
    expect(events?.n).toBe(0);
    const [audit] = await ctx.sql`
      select count(*)::int as n from audit_log
      where action = 'subscription.test_sent' and object_id = ${sub.id}`;
    expect(audit?.n).toBe(1);
  });

  it("limits how many test messages an organisation sends, with 429 and Retry-After", async () => {
    const { org, staff } = await mediaDesk();
    const secret = newWebhookSecret();
    const receiver = await webhookReceiver(secret);
    closers.push(receiver.close);
    const sub = await createSubscriptionRow(ctx.sql, {
      organisationId: org.id,
      target: receiver.url,
      secret,
    });
    for (let i = 0; i < TEST_SENDS_PER_WINDOW; i++) {
      expect((await testSend(sub.id, staff.auth)).status).toBe(200);
    }
    const refused = await testSend(sub.id, staff.auth);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ code: "rate_limited" });
    expect(receiver.received).toHaveLength(TEST_SENDS_PER_WINDOW);
    const other = await mediaDesk();
    const otherSub = await createSubscriptionRow(ctx.sql, {
      organisationId: other.org.id,
      target: receiver.url,
      secret,
    });
    expect((await testSend(otherSub.id, other.staff.auth)).status).toBe(200);
  });

  it("says what went wrong when the receiver refuses", async () => {
    const { org, staff } = await mediaDesk();
    const secret = newWebhookSecret();
    const receiver = await webhookReceiver(secret, [{ status: 503 }]);
    closers.push(receiver.close);
    const sub = await createSubscriptionRow(ctx.sql, {
      organisationId: org.id,
      target: receiver.url,
      secret,
    });
    const body = await (await testSend(sub.id, staff.auth)).json();
    expect(body).toMatchObject({ ok: false, response: "503", error: "接收端返回 503" });
  });

  it("writes a test email for an email subscription", async () => {
    const { org, staff } = await mediaDesk();
    const sub = await createSubscriptionRow(ctx.sql, {
      organisationId: org.id,
      channel: "email",
      target: "desk@media.test",
    });
    const body = await (await testSend(sub.id, staff.auth)).json();
    expect(body.ok).toBe(true);
    const file = /written (\S+\.eml)/.exec(body.response)?.[1];
    expect(file).toBeTruthy();
    const mail = fs.readFileSync(file!, "utf8");
    expect(mail).toMatch(/^To: desk@media\.test$/m);
    expect(mail).toMatch(/^Subject: .+$/m);
  });

  it("hides another organisation's subscription (404)", async () => {
    const owner = await mediaDesk();
    const other = await mediaDesk();
    const sub = await createSubscriptionRow(ctx.sql, {
      organisationId: owner.org.id,
      target: "http://127.0.0.1:9/never",
      secret: newWebhookSecret(),
    });
    expect((await testSend(sub.id, other.staff.auth)).status).toBe(404);
  });
});

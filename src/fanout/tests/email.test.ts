import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation } from "../../../tests/support/factories.ts";
import {
  createRebuttal,
  createSubscriptionRow,
  publish,
} from "../../../tests/support/fanout-factories.ts";
import { type SmtpInbox, startSmtpInbox } from "../../../tests/support/smtp-inbox.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import { createApp } from "../../http/app.ts";
import { fanoutTasks } from "../tasks/index.ts";

let ctx: TestContext;
let smtp: SmtpInbox;
let workers: Workers;
let refusing = false;

beforeAll(async () => {
  smtp = await startSmtpInbox({ refusing: () => refusing });
  ctx = await createTestContext({ SMTP_URL: smtp.url });
  workers = await startWorkers(ctx.deps, { tasks: fanoutTasks, pollInterval: 50 });
});
afterAll(async () => {
  await workers.stop();
  await ctx.close();
  await smtp.close();
});

/** A header's value with RFC 2047 encoded words decoded and folded lines joined. */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head
    .split(/\r?\n/)
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return undefined;
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === "b"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeURIComponent(text.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, "%$1")),
    );
}

const mailTo = (address: string) => smtp.inbox.filter((m) => m.to.includes(address));

describe("email delivery", () => {
  it("delivers after the SMTP server refused for a while, with the urgency, the claim with its verdict and the answer apart in the subject", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const sub = await createSubscriptionRow(ctx.sql, {
      organisationId: org.id,
      channel: "email",
      target: "desk@media.example.cn",
    });
    refusing = true;
    const event = await publish(
      ctx.sql,
      await createRebuttal(ctx.sql, { urgency: 2, title: "板蓝根不能预防新冠" }),
    );
    const attemptsOf = async () =>
      (
        await ctx.sql`
          select count(*)::int as n from delivery_attempts a join deliveries d on d.id = a.delivery_id
          where d.subscription_id = ${sub.id}`
      )[0]!.n;
    await expect.poll(attemptsOf, WAIT).toBeGreaterThanOrEqual(2);
    expect(mailTo("desk@media.example.cn")).toHaveLength(0);
    refusing = false;
    await expect.poll(() => mailTo("desk@media.example.cn").length, WAIT).toBe(1);
    const mail = mailTo("desk@media.example.cn")[0]!;
    expect(header(mail.raw, "Subject")).toBe(
      "[重大] 网传「喝板蓝根能预防新冠」？谣言。真相：板蓝根不能预防新冠",
    );
    expect(header(mail.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(header(mail.raw, "List-Unsubscribe")).toMatch(
      new RegExp(`^<http://chorus.test/unsubscribe/${sub.id}\\?sig=`),
    );
    expect(header(mail.raw, "X-Chorus-Event-Id")).toBe(event.id);
    expect(mail.raw).toContain("text/plain");
    expect(mail.raw).toContain("text/html");
    // The mail arrives before the worker records it: read the delivery until it says delivered.
    await expect
      .poll(
        async () =>
          (
            await ctx.sql`select status, attempts from deliveries where subscription_id = ${sub.id}`
          )[0],
        WAIT,
      )
      .toMatchObject({ status: "delivered", attempts: expect.toSatisfy((n: number) => n >= 3) });
    const refusals = await ctx.sql`
      select a.status_code from delivery_attempts a join deliveries d on d.id = a.delivery_id
      where d.subscription_id = ${sub.id} and a.error is not null`;
    expect(refusals.map((r) => r.statusCode)).toContain(421);
  });

  it("unsubscribes with one click on the List-Unsubscribe link, and sends no more", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const sub = await createSubscriptionRow(ctx.sql, {
      organisationId: org.id,
      channel: "email",
      target: "reader@media.example.cn",
    });
    await publish(ctx.sql, await createRebuttal(ctx.sql));
    await expect.poll(() => mailTo("reader@media.example.cn").length, WAIT).toBe(1);
    const link = header(mailTo("reader@media.example.cn")[0]!.raw, "List-Unsubscribe")!.slice(
      1,
      -1,
    );
    const app = createApp(ctx.deps);
    const path = link.replace("http://chorus.test", "");
    const page = await app.request(path, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("确认退订");
    const forged = await app.request(
      path.replace(/sig=.*/, "sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      },
    );
    expect(forged.status).toBe(404);
    const res = await app.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    const [row] = await ctx.sql`select status from subscriptions where id = ${sub.id}`;
    expect(row!.status).toBe("disabled");
    const next = await publish(ctx.sql, await createRebuttal(ctx.sql));
    await expect
      .poll(
        async () =>
          (await ctx.sql`select count(*)::int as n from deliveries where event_id = ${next.id}`)[0]!
            .n,
        WAIT,
      )
      .toBe(1);
    const mine =
      await ctx.sql`select 1 from deliveries where event_id = ${next.id} and subscription_id = ${sub.id}`;
    expect(mine).toHaveLength(0);
  });
});

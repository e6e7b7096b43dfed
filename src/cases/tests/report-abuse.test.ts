import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAddress, postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { REPORT_LIMIT } from "../routes/create-report.ts";

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

const fieldPaths = (body: { errors?: unknown[] }) =>
  (body.errors as { path: string }[] | undefined)?.map((e) => e.path) ?? [];

async function expectFieldError(input: unknown, path: string) {
  const { res, body } = await postReport(app, input);
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(body.code).toBe("validation_failed");
  expect(fieldPaths(body)).toContain(path);
}

describe("the public report endpoint refuses bad input with a field error", () => {
  it("refuses an empty or whitespace-only text", async () => {
    await expectFieldError({ text: "" }, "text");
    await expectFieldError({ text: "   \n\t  " }, "text");
    await expectFieldError({}, "text");
  });

  it("refuses text without any words", async () => {
    await expectFieldError({ text: "？？？！！！……" }, "text");
  });

  it("refuses text longer than 5,000 characters", async () => {
    await expectFieldError({ text: "谣".repeat(5001) }, "text");
  });

  it("refuses control characters and HTML markup", async () => {
    await expectFieldError({ text: "喝醋能防病毒\u0007吗" }, "text");
    await expectFieldError({ text: "喝醋能防病毒<script>alert(1)</script>" }, "text");
    await expectFieldError({ text: "<b>紧急通知</b>" }, "text");
    await expectFieldError({ text: "喝醋能防病毒", contact: "<a href=x>me</a>" }, "contact");
  });

  it("keeps a plain less-than sign, which is not markup", async () => {
    const { res } = await postReport(app, { text: "网传 <5 岁的孩子不能打任何疫苗，是真的吗" });
    expect(res.status).toBe(201);
  });

  it("accepts only http and https source links", async () => {
    await expectFieldError({ text: "喝醋能防病毒", sourceUrl: "javascript:alert(1)" }, "sourceUrl");
    await expectFieldError({ text: "喝醋能防病毒", sourceUrl: "ftp://example.com/x" }, "sourceUrl");
    await expectFieldError({ text: "喝醋能防病毒", sourceUrl: "not a url" }, "sourceUrl");
  });

  it("refuses an unknown platform, a malformed region and an unknown region", async () => {
    await expectFieldError({ text: "喝醋能防病毒", platform: "myspace" }, "platform");
    await expectFieldError({ text: "喝醋能防病毒", region: "HN" }, "region");
    await expectFieldError({ text: "喝醋能防病毒", region: "110000" }, "region");
  });

  it("refuses fields it does not know and a body that is not JSON", async () => {
    await expectFieldError({ text: "喝醋能防病毒", status: "closed" }, "(root)");
    const res = await app.request("/api/v1/reports", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": newAddress() },
      body: "{not json",
    });
    expect(res.status).toBe(400);
  });

  it("stores nothing when it refuses", async () => {
    const [before] = await ctx.sql`select count(*)::int as n from reports`;
    await postReport(app, { text: "<i>x</i>" });
    const [after] = await ctx.sql`select count(*)::int as n from reports`;
    expect(after!.n).toBe(before!.n);
  });
});

describe("the public report endpoint under a flood", () => {
  it("answers 429 with Retry-After past the limit for one address, and not for another", async () => {
    const address = newAddress();
    for (let i = 0; i < REPORT_LIMIT.limit; i++) {
      const { res } = await postReport(app, { text: `第 ${i} 条：喝醋能防病毒吗` }, address);
      expect(res.status).toBe(201);
    }
    const { res, body } = await postReport(app, { text: "再来一条" }, address);
    expect(res.status).toBe(429);
    expect(body.code).toBe("rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const other = await postReport(app, { text: "喝醋能防病毒吗" }, newAddress());
    expect(other.res.status).toBe(201);
  });
});

describe("a reporter's contact", () => {
  it("is stored for staff but never returned to any reporter", async () => {
    const first = await postReport(app, {
      text: "网传本市自来水今晚停水三天，赶紧囤水",
      contact: "wx:secret-reporter",
    });
    const second = await postReport(app, { text: "网传本市自来水今晚停水三天，赶紧囤水！！" });
    expect(second.body.caseId).toBe(first.body.caseId);
    expect(JSON.stringify(first.body)).not.toContain("secret-reporter");
    expect(JSON.stringify(second.body)).not.toContain("secret-reporter");
    const [row] = await ctx.sql`select contact from reports where id = ${first.body.id as string}`;
    expect(row!.contact).toBe("wx:secret-reporter");
  });
});

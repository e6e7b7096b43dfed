import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import type { App } from "../../http/env.ts";
import { formatCode } from "../code.ts";
import { pageText, publishingChain } from "./support.ts";

let ctx: TestContext;
let app: App;
let chain: Awaited<ReturnType<typeof publishingChain>>;

beforeAll(async () => {
  ctx = await createTestContext();
  chain = await publishingChain(ctx);
  app = chain.app;
});
afterAll(() => ctx.close());

async function codeOf(rebuttalId: string): Promise<string> {
  const [row] = await ctx.sql`
    select code from rebuttal_signatures where rebuttal_id = ${rebuttalId} order by seq desc limit 1`;
  return row!.code as string;
}

async function page(path: string) {
  const res = await app.request(path);
  return { status: res.status, type: res.headers.get("content-type"), html: await res.text() };
}

async function postText(text: string) {
  const res = await app.request("/verify", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ text, code: "" }).toString(),
  });
  return { status: res.status, html: await res.text() };
}

const verdictOf = (html: string) => /data-verdict="([a-z]+)"/.exec(html)?.[1];

describe("the page 核验信息真伪", () => {
  it("offers a form to paste a notice or enter a code, linked from every public page", async () => {
    const form = await page("/verify");
    expect(form.status).toBe(200);
    expect(form.type).toMatch(/text\/html/);
    expect(form.html).toContain("<h1>核验信息真伪</h1>");
    expect(form.html).toMatch(/<textarea[^>]+name="text"/);
    expect(form.html).toMatch(/<input[^>]+name="code"/);
    expect((await page("/")).html).toContain('href="/verify"');
  });

  it("shows the code, a QR code and the link under each rebuttal page", async () => {
    const r = await chain.publish("板蓝根");
    const code = await codeOf(r.id);
    const { html } = await page(`/r/${r.slug}`);
    expect(html).toContain(formatCode(code));
    expect(html).toContain(`href="http://chorus.test/verify/${code}"`);
    expect(html).toMatch(/<svg[^>]*viewBox/);
    const qr = await app.request(`/verify/${code}/qr.svg`);
    expect(qr.status).toBe(200);
    expect(qr.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("renders genuine, updated and retracted for codes, with the current version", async () => {
    const r = await chain.publish("熏醋");
    const first = await codeOf(r.id);
    expect(verdictOf((await page(`/verify/${first}`)).html)).toBe("genuine");
    const update = await chain.update(r, "熏醋");
    const updated = await page(`/verify/${formatCode(first)}`);
    expect(verdictOf(updated.html)).toBe("updated");
    expect(updated.html).toContain("真实 · 已有更新");
    expect(updated.html).toContain(update.text.title);
    await chain.retract(r.id, "该说法的依据已被推翻");
    const retracted = await page(`/verify/${first}`);
    expect(verdictOf(retracted.html)).toBe("retracted");
    expect(retracted.html).toContain("此条已撤回：该说法的依据已被推翻");
  });

  it("renders altered with the changed characters marked, and genuine for the true text", async () => {
    const r = await chain.publish("大蒜");
    expect(verdictOf((await postText(pageText(r.text))).html)).toBe("genuine");
    const forged = await postText(pageText(r.text).replace("没有证据表明", "有证据表明"));
    expect(forged.status).toBe(200);
    expect(verdictOf(forged.html)).toBe("altered");
    expect(forged.html).toMatch(/<del[^>]*>没<\/del>/);
  });

  it("renders unknown, never an error page, for an unknown code and an invented notice, escaped", async () => {
    const unknownCode = await page("/verify/ZZZZZZZZ");
    expect(unknownCode.status).toBe(200);
    expect(verdictOf(unknownCode.html)).toBe("unknown");
    const hostile = await page(`/verify/${encodeURIComponent("<img src=x onerror=alert(1)>")}`);
    expect(hostile.status).toBe(200);
    expect(verdictOf(hostile.html)).toBe("unknown");
    expect(hostile.html).not.toContain("<img src=x");
    expect(hostile.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    const invented = await postText("<b>紧急通知</b>：喝高度白酒可以杀灭体内病毒，请立即转发！");
    expect(verdictOf(invented.html)).toBe("unknown");
    expect(invented.html).toContain("&lt;b&gt;紧急通知&lt;/b&gt;");
  });

  it("sends an entered code to its result page, and asks again for an empty form", async () => {
    const res = await app.request("/verify", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "text=&code=7k3m-9q2d",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/verify/7K3M9Q2D");
    const empty = await postText("   ");
    expect(empty.status).toBe(400);
    expect(empty.html).toContain("请粘贴要核验的信息，或输入核验码");
  });
});

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageText, publishingChain } from "../../../src/authenticity/tests/support.ts";
import { type Stack, snap, startStack } from "./support.ts";

let stack: Stack;
let chain: Awaited<ReturnType<typeof publishingChain>>;
let page: Page;

beforeAll(async () => {
  stack = await startStack({ demo: false });
  chain = await publishingChain(stack.ctx);
  page = await (await stack.browser.newContext({ locale: "zh-CN" })).newPage();
});
afterAll(async () => {
  await page?.context().close();
  await stack?.close();
});

/** The code a reader copies from under the published rebuttal page. */
async function codeOnPage(slug: string): Promise<string> {
  await page.goto(`${stack.baseUrl}/r/${encodeURIComponent(slug)}`);
  return (await page.locator(".seal .code").textContent())!.trim();
}

/** Types a code (or pastes a text) into the 核验 form and returns the verdict shown. */
async function check(input: { code?: string; text?: string }): Promise<string | null> {
  await page.goto(`${stack.baseUrl}/verify`);
  if (input.code) await page.getByLabel("或输入核验码").fill(input.code);
  if (input.text) await page.getByLabel("粘贴收到的信息全文").fill(input.text);
  await page.getByRole("button", { name: "核验" }).click();
  await page.waitForSelector("[data-verdict]");
  return page.locator("[data-verdict]").getAttribute("data-verdict");
}

describe("核验信息真伪 in a real browser", () => {
  it("says genuine for the code under a rebuttal page, and its QR code leads to the same verdict", async () => {
    const r = await chain.publish("板蓝根");
    const code = await codeOnPage(r.slug);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await snap(page, "verify-0-rebuttal-seal");
    expect(await check({ code: code.toLowerCase() })).toBe("genuine");
    expect(await page.locator("h1").textContent()).toBe("核验结果");
    await snap(page, "verify-1-genuine");
    await page.goto(`${stack.baseUrl}/r/${encodeURIComponent(r.slug)}`);
    await page.getByRole("link", { name: "核验信息真伪" }).last().click();
    await page.waitForSelector("[data-verdict]");
    expect(await page.locator("[data-verdict]").getAttribute("data-verdict")).toBe("genuine");
  });

  it("says updated for the code of an older version, showing the current one", async () => {
    const r = await chain.publish("熏醋");
    const code = await codeOnPage(r.slug);
    const update = await chain.update(r, "熏醋");
    expect(await check({ code })).toBe("updated");
    expect(await page.locator(".hit").textContent()).toContain(update.text.title);
    await snap(page, "verify-2-updated");
  });

  it("says retracted for the code of a withdrawn message, with the reason", async () => {
    const r = await chain.publish("盐水漱口");
    const code = await codeOnPage(r.slug);
    await chain.retract(r.id, "依据已被推翻，此条撤回");
    expect(await check({ code })).toBe("retracted");
    expect(await page.locator(".hit").textContent()).toContain("依据已被推翻，此条撤回");
    await snap(page, "verify-3-retracted");
  });

  it("says altered for a pasted copy with one word changed, marking the change", async () => {
    const r = await chain.publish("大蒜");
    expect(await check({ text: pageText(r.text) })).toBe("genuine");
    const forged = pageText(r.text).replace("没有证据表明", "有证据表明");
    expect(await check({ text: forged })).toBe("altered");
    expect(await page.locator(".diff del").first().textContent()).toBe("没");
    await snap(page, "verify-4-altered");
  });

  it("says unknown for an invented notice and for a code that was never issued", async () => {
    const fake = "【紧急通知】喝高度白酒可以杀灭体内病毒，省卫健委提醒市民每日饮用，请立即转发！";
    expect(await check({ text: fake })).toBe("unknown");
    expect(await page.locator("[data-verdict] h2").textContent()).toBeTruthy();
    await snap(page, "verify-5-unknown-text");
    expect(await check({ code: "ZZZZ-ZZZZ" })).toBe("unknown");
    await snap(page, "verify-6-unknown-code");
  });
});

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoRawWords, expectNoSeriousAxeViolations } from "./axe-public.ts";
import { type Stack, snap, startStack } from "./support.ts";

const ANSWER = "台风天应关紧门窗，不要开窗";
const SLUG = "typhoon-open-windows";
const UNKNOWN = "听说吃香蕉皮能治好近视眼，一天三根就够";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

/** Every page on the way: axe, no raw words, and a screenshot. */
async function check(page: Page, name: string) {
  await expectNoSeriousAxeViolations(page, name);
  await expectNoRawWords(page, name, [SLUG]);
  await snap(page, name);
}

describe("a member of the public on a phone", () => {
  it("searches in their own words, reads claim and answer apart, finds no answer for something new and reports it", async () => {
    const context = await stack.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: "zh-CN",
    });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("最新辟谣");
    await check(page, "public-01-home");

    await page
      .getByRole("searchbox", { name: "搜索辟谣库" })
      .fill("台风来了要不要开窗户平衡一下气压");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?q=/);
    await check(page, "public-02-search");
    await page.getByRole("link", { name: ANSWER }).first().click();
    await page.waitForURL(/\/r\//);

    const claim = page.locator("article .claim");
    const answer = page.locator("article .answer");
    await expect.poll(() => claim.textContent()).toMatch(/^网传「台风来时要打开窗户.*」？谣言$/);
    await expect.poll(() => answer.textContent()).toContain(`真相${ANSWER}`);
    expect(await answer.textContent()).not.toMatch(/谣言|误导|尚无定论|属实/);
    expect(await answer.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe(
      "rgb(11, 83, 148)",
    );
    await check(page, "public-03-rebuttal");

    await page
      .getByRole("navigation", { name: "主导航" })
      .getByRole("link", { name: "分类" })
      .click();
    await page.getByRole("link", { name: "气象" }).click();
    await page.waitForURL(/\/c\/weather/);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe("气象 · 辟谣");
    await check(page, "public-04-category");

    await page.getByRole("searchbox", { name: "搜索辟谣库" }).fill(UNKNOWN);
    await page.getByRole("button", { name: "查一查" }).click();
    await expect.poll(() => page.locator(".no-answer").textContent()).toContain("暂无权威解答");
    await check(page, "public-05-no-answer");

    await page.getByRole("link", { name: "我要举报这条消息" }).click();
    await page.waitForURL(/\/report\?text=/);
    expect(await page.getByLabel("你看到的消息").inputValue()).toBe(UNKNOWN);
    await check(page, "public-06-report");

    // By keyboard alone: from the text to the submit button with Tab, then Enter.
    await page.getByLabel("你看到的消息").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.type("https://example.cn/post/1");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
    for (let i = 0; i < 8; i++) {
      const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
      if (focused === "提交线索") break;
      await page.keyboard.press("Tab");
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("提交线索");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/report\?sent=/);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("线索已提交");
    expect(await page.getByLabel("你看到的消息").inputValue()).toBe("");
    await check(page, "public-07-report-sent");
    await page.reload();
    expect(await page.getByLabel("你看到的消息").inputValue()).toBe("");
    const reports = await stack.ctx
      .sql`select count(*)::int as n from reports where text = ${UNKNOWN}`;
    expect(reports[0]!.n).toBe(1);

    await page
      .getByRole("navigation", { name: "主导航" })
      .getByRole("link", { name: "核验信息真伪" })
      .click();
    await page.waitForURL(/\/verify/);
    await check(page, "public-08-verify");
    await context.close();
  });
});

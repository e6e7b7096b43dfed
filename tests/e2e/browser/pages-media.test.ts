import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldError, signInAs } from "./pages-support.ts";
import { type Stack, snap, startStack } from "./support.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const MEDIA = "media@demo.chorus";

describe("media portal additions in a real browser", () => {
  it("media staff test-send a webhook and read why it failed, rotate its secret (shown once), pause and resume, and an empty redelivery time is refused in place", async () => {
    const page = await signInAs(stack.browser, stack.baseUrl, MEDIA);
    await page.goto(`${stack.baseUrl}/console/media`);
    await page.getByLabel("地址（Webhook 网址或邮箱）").fill("http://127.0.0.1:9/chorus-hook");
    await page.getByRole("button", { name: "添加订阅" }).click();
    const first = await page.locator(".notice code").textContent();
    expect(first).toMatch(/^whsec_/);
    await page.getByRole("link", { name: "设置" }).first().click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("127.0.0.1:9/chorus-hook");

    const settings = page.url();
    await page.getByRole("button", { name: "发送测试消息" }).click();
    await expect
      .poll(() => page.getByRole("alert").first().textContent())
      .toContain("测试消息未送达");
    await snap(page, "pages-subscription-test-send");
    await page.getByLabel("旧密钥继续有效").selectOption("3600");
    await page.getByRole("button", { name: "生成新密钥" }).click();
    const rotated = await page.locator("#new-secret").textContent();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(first);
    await snap(page, "pages-subscription-rotated");
    await page.goto(settings);
    await expect.poll(() => page.locator("#new-secret").count()).toBe(0);

    await page.getByRole("button", { name: "暂停订阅" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("已暂停");
    await page.getByRole("button", { name: "补发" }).click();
    await expect.poll(() => fieldError(page, "since").textContent()).toContain("ISO 8601");
    await snap(page, "pages-subscription-error");

    await page.getByRole("button", { name: "恢复订阅" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("已恢复");
    await page.getByLabel(/补发此时间/).fill("2026-11-01T08:00");
    await page.getByRole("button", { name: "补发" }).click();
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toMatch(/已安排补发 \d+ 条/);
    await page.context().close();
  });

  it("media staff create an API token shown once and revoke it; a blank name is refused in place", async () => {
    const page = await signInAs(stack.browser, stack.baseUrl, MEDIA, { phone: true });
    await page.goto(`${stack.baseUrl}/console/media`);
    await page.getByRole("link", { name: "API 令牌" }).click();
    await page.getByLabel("名称（用途）").fill("   ");
    await page.getByRole("checkbox", { name: /feed:read/ }).check();
    await page.getByRole("button", { name: "创建令牌" }).click();
    await expect.poll(() => fieldError(page, "name").textContent()).toContain("请填写令牌名称");
    await expect
      .poll(() => page.getByRole("checkbox", { name: /feed:read/ }).isChecked())
      .toBe(true);
    await expect.poll(() => page.getByRole("checkbox", { name: /library:import/ }).count()).toBe(0);
    await snap(page, "pages-tokens-error");

    await page.getByLabel("名称（用途）").fill("报社 CMS 拉取");
    await page.getByRole("button", { name: "创建令牌" }).click();
    const token = await page.locator("#new-token").textContent();
    expect(token?.length).toBeGreaterThan(20);
    const feed = await fetch(`${stack.baseUrl}/api/v1/deliveries`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(feed.status).toBe(403);
    await snap(page, "pages-tokens-created");

    await page.getByRole("button", { name: "吊销令牌“报社 CMS 拉取”" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("已吊销");
    const after = await fetch(`${stack.baseUrl}/api/v1/deliveries`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
    await page.context().close();
  });
});

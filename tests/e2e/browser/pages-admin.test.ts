import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldError, signInAs } from "./pages-support.ts";
import { type Stack, snap, startStack } from "./support.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const ADMIN = "admin@demo.chorus";
const PEOPLE_URL = /\/console\/admin\/people\/[0-9a-f-]{36}\?saved=1$/;

describe("admin pages in a real browser", () => {
  it("an admin lists the demo organisations, is told in place that a slug is malformed, then creates and renames one", async () => {
    const page = await signInAs(stack.browser, stack.baseUrl, ADMIN);
    await page.getByRole("link", { name: "系统管理" }).first().click();
    await page.getByRole("link", { name: "单位" }).first().click();
    await expect.poll(() => page.locator("table").textContent()).toContain("海南省卫生健康委员会");

    await page.getByLabel("名称", { exact: true }).fill("三亚市疾病预防控制中心");
    await page.getByLabel(/^标识/).fill("Sanya CDC");
    await page.getByLabel("类型").selectOption("medical");
    await page.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => fieldError(page, "slug").textContent()).toContain("小写字母");
    await snap(page, "pages-admin-organisation-error");

    await page.getByLabel(/^标识/).fill("sanya-cdc");
    await page.getByRole("button", { name: "保存" }).click();
    await page.waitForURL(/\/console\/admin\/organisations\/[0-9a-f-]{36}$/);
    await page.getByLabel("名称", { exact: true }).fill("三亚市疾控中心");
    await page.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("三亚市疾控中心");
    await expect.poll(() => page.getByRole("status").textContent()).toContain("已保存");
    await page.context().close();
  });

  it("an admin creates a person (a malformed email is refused in place), changes their roles and deactivates them", async () => {
    const page = await signInAs(stack.browser, stack.baseUrl, ADMIN, { phone: true });
    await page.goto(`${stack.baseUrl}/console/admin/people`);
    await expect
      .poll(() => page.locator("table").textContent())
      .toContain("expert.health@demo.chorus");
    await snap(page, "pages-admin-people-phone");
    await page.getByRole("link", { name: "新增人员" }).click();
    await page.getByLabel("姓名").fill("符医生");
    await page.getByLabel("邮箱").fill("fu@localhost");
    await page.getByRole("checkbox", { name: "专家" }).check();
    await page.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => fieldError(page, "email").textContent()).toContain("邮箱格式不正确");
    await expect.poll(() => page.getByRole("checkbox", { name: "专家" }).isChecked()).toBe(true);
    await snap(page, "pages-admin-person-error");

    await page.getByLabel("邮箱").fill("fu.doctor@test.chorus");
    await page.getByRole("button", { name: "保存" }).click();
    await page.waitForURL(PEOPLE_URL);
    await page.getByRole("checkbox", { name: "审核人" }).check();
    await page.getByRole("button", { name: "保存" }).click();
    await page.waitForURL(PEOPLE_URL);
    await expect.poll(() => page.getByRole("checkbox", { name: "审核人" }).isChecked()).toBe(true);

    await page.getByRole("button", { name: "停用账号" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("已停用");
    await page.goto(`${stack.baseUrl}/console/admin/audit?action=user.`);
    await expect.poll(() => page.locator("table").textContent()).toContain("user.roles_changed");
    await page.context().close();
  });

  it("review chains are shown read-only with organisation names, and the audit trail refuses a malformed action filter in place", async () => {
    const page = await signInAs(stack.browser, stack.baseUrl, ADMIN);
    await page.goto(`${stack.baseUrl}/console/admin`);
    await page.getByRole("link", { name: "审核链" }).first().click();
    await expect.poll(() => page.locator("main").textContent()).toContain("省卫生健康委员会审核");
    expect(await page.locator("main").textContent()).not.toContain("未找到的单位");
    await snap(page, "pages-admin-review-chains");

    await page.getByRole("link", { name: "审计日志" }).first().click();
    await expect.poll(() => page.locator("table").textContent()).toContain("session.login");
    await page.getByLabel(/^动作/).fill("Case Triaged!");
    await page.getByRole("button", { name: "筛选" }).click();
    await expect.poll(() => fieldError(page, "action").textContent()).toContain("case.triaged");
    await expect.poll(() => page.getByLabel(/^动作/).inputValue()).toBe("Case Triaged!");
    await snap(page, "pages-admin-audit-error");
    await page.context().close();
  });

  it("a coordinator is refused the admin pages in words", async () => {
    const page = await signInAs(stack.browser, stack.baseUrl, "coordinator@demo.chorus");
    const res = await page.goto(`${stack.baseUrl}/console/admin/people`);
    expect(res?.status()).toBe(403);
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("角色");
    await page.context().close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../src/auth/password.ts";
import { createUser } from "../../support/factories.ts";
import { type Stack, snap, startStack } from "./support.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe("signing in to the console in a real browser", () => {
  it("a coordinator signs in, lands on the home page, opens the case queue and signs out", async () => {
    const email = `coord-${Date.now()}@test.chorus`;
    await createUser(stack.ctx.sql, {
      email,
      name: "值班协调员",
      roles: ["coordinator"],
      passwordHash: await hashPassword("correct horse"),
    });
    const page = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/console`);
    await expect.poll(() => page.url()).toContain("/console/sign-in");
    await page.getByLabel("邮箱").fill(email);
    await page.getByLabel("密码").fill("wrong password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("邮箱或密码不正确");
    await snap(page, "sign-in-refused");

    await page.getByLabel("密码").fill("correct horse");
    await page.getByRole("button", { name: "登录" }).click();
    // Signing in lands on the home page, whose menu leads to the case queue.
    await expect.poll(() => new URL(page.url()).pathname).toBe("/console");
    await expect.poll(() => page.locator("header").textContent()).toContain("值班协调员");
    await page.getByRole("link", { name: "案件队列" }).first().click();
    await expect.poll(() => page.url()).toContain("/console/cases");
    await snap(page, "sign-in-done");

    await page.getByRole("button", { name: "退出" }).click();
    await expect.poll(() => page.url()).toContain("/console/sign-in");
    await page.close();
  });
});

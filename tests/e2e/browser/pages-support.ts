import type { Browser, Page } from "playwright-core";

export const DEMO_PASSWORD = "chorus-demo-2020";

/** A fresh browser context signed in as a demo user (phone-sized when asked). */
export async function signInAs(
  browser: Browser,
  baseUrl: string,
  email: string,
  opts: { phone?: boolean } = {},
): Promise<Page> {
  const viewport = opts.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 };
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/console/sign-in`);
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
  return page;
}

/** The text of the field error shown under a field (`<p id="<path>-error">`). */
export function fieldError(page: Page, path: string) {
  return page.locator(`[id="${path}-error"]`);
}

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, snap, startStack } from "./support.ts";

const PASSWORD = "chorus-demo-2020";
const RUMOUR = "网传三亚海边出现会发光的水母，碰到就会中毒身亡，游客千万不要下海，赶紧转发给家人！";
const TITLE = "三亚海边“发光水母碰到就会中毒身亡”不实";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

async function signIn(browser: Browser, baseUrl: string, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/console/sign-in`);
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
  return page;
}

async function optionValue(page: Page, select: string, text: string): Promise<string> {
  const value = await page
    .locator(`${select} option`, { hasText: text })
    .first()
    .getAttribute("value");
  if (!value) throw new Error(`no option "${text}" in ${select}`);
  return value;
}

async function approveAs(email: string, step: string) {
  const page = await signIn(stack.browser, stack.baseUrl, email);
  // The review is found from the home page alone, as the email's reader would.
  await page.getByRole("link", { name: TITLE }).click();
  await page.getByLabel("意见").fill("同意发布。");
  await snap(page, `06-review-${step}`);
  await page.getByRole("button", { name: "通过" }).click();
  await page.waitForURL(/\/console\/revisions\/[0-9a-f-]{36}\?form=/);
  await page.context().close();
}

describe("the whole response, clicked through in Chromium", () => {
  it("a reported rumour is triaged, drafted, approved by two organisations and reaches the public and an open media portal", async () => {
    const { browser, baseUrl } = stack;

    const media = await signIn(browser, baseUrl, "media@demo.chorus");
    await media.goto(`${baseUrl}/console/media`);
    await expect.poll(() => media.locator("#live-state").textContent()).toContain("已连接");
    await snap(media, "00-media-portal-open");

    const publicContext = await browser.newContext();
    const citizen = await publicContext.newPage();
    await citizen.goto(`${baseUrl}/report`);
    await citizen.getByLabel("你看到的消息").fill(RUMOUR);
    await citizen.getByLabel("在哪里看到的").selectOption("wechat");
    await snap(citizen, "01-public-report");
    await citizen.getByRole("button", { name: "提交线索" }).click();
    await expect
      .poll(() => citizen.getByRole("heading", { level: 1 }).textContent())
      .toBe("线索已提交");
    await snap(citizen, "02-report-received");

    const coordinator = await signIn(browser, baseUrl, "coordinator@demo.chorus");
    await coordinator.getByRole("link", { name: /发光的水母/ }).click();
    await coordinator.getByLabel("类别").selectOption("health-myths");
    await coordinator.getByLabel("紧急程度").selectOption("2");
    await coordinator.getByLabel("地区").selectOption("460200");
    await coordinator
      .getByLabel("牵头专家")
      .selectOption(await optionValue(coordinator, "#leadExpertId", "陈医生"));
    await coordinator.getByRole("checkbox", { name: /林研究员/ }).check();
    await snap(coordinator, "03-triage");
    await coordinator.getByRole("button", { name: "确认分派" }).click();
    await expect.poll(() => coordinator.locator("main").textContent()).toContain("林研究员");
    await coordinator.context().close();

    const expert = await signIn(browser, baseUrl, "expert.health@demo.chorus");
    await expert.getByRole("link", { name: /发光的水母/ }).click();
    await expert.getByLabel("谣言内容").fill(RUMOUR);
    await expert.getByLabel("结论").selectOption("false");
    await expert.getByLabel("标题", { exact: true }).fill(TITLE);
    await expert
      .getByLabel(/摘要/)
      .fill("三亚近海常见的水母多数毒性较弱，被蜇伤后及时用海水冲洗、就医即可，不会“碰到就身亡”。");
    await expert
      .getByLabel("正文（Markdown）")
      .fill(
        "## 真相\n\n海南近海水母**蜇伤**多为局部红肿疼痛。\n\n- 用海水冲洗\n- 不要用淡水搓揉\n- 症状重时就医",
      );
    await expert.getByLabel(/来源/).fill("国家卫生健康委员会 | https://www.nhc.gov.cn/");
    await snap(expert, "04-draft");
    await expert.getByRole("button", { name: "保存为新版本" }).click();
    await expert.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => expert.locator("main").textContent()).toContain("审核链");
    await snap(expert, "05-submitted");
    await expert.context().close();

    await approveAs("expert.peer@demo.chorus", "peer");
    await approveAs("reviewer.health@demo.chorus", "health-commission");
    await approveAs("reviewer.publicity@demo.chorus", "publicity");

    await expect
      .poll(() => media.locator("#live-feed").textContent(), { timeout: 30_000 })
      .toContain(TITLE);
    await snap(media, "07-media-portal-live");

    await expect
      .poll(
        async () => {
          await citizen.goto(`${baseUrl}/?q=${encodeURIComponent("发光水母")}`);
          return citizen.locator("main").textContent();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContain(TITLE);
    await snap(citizen, "08-public-search");
    await publicContext.close();
  });
});

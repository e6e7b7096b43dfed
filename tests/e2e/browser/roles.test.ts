import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspect, inspectPhone, outboxMails, signInFromHome, signInHere } from "./roles-support.ts";
import { type Stack, startStack } from "./support.ts";

const RUMOUR = "网传喝高度白酒可以杀死体内的登革热病毒，被蚊子叮了赶紧喝一杯，转发给家人！";
const TITLE = "喝白酒不能杀死登革热病毒";
/** Deliveries and emails run on the real worker queue of a shared machine. */
const WAIT = { timeout: 90_000, interval: 1000 };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

/** A reviewer finds the revision on their home page, approves it and is told so. */
async function approveFromHome(email: string, name: string, step: string) {
  const page = await signInFromHome(stack.browser, stack.baseUrl, email);
  await inspect(page, `role-${name}-home`);
  await page.getByRole("link", { name: TITLE }).click();
  await expect.poll(() => page.locator("main").textContent()).toContain(step);
  await page.getByLabel("意见").fill("同意发布。");
  await inspect(page, `role-${name}-review`);
  await page.getByRole("button", { name: "通过" }).click();
  await page.waitForURL(/\/console\/revisions\/[0-9a-f-]{36}\?form=/);
  await expect.poll(() => page.locator("main").textContent()).toContain("已通过");
  return page;
}

describe("each role finds its task from the home page and completes it (Chromium, axe)", () => {
  it("media staff subscribe by email before anything is published", async () => {
    const page = await signInFromHome(stack.browser, stack.baseUrl, "media@demo.chorus");
    await inspect(page, "role-media-home");
    await inspectPhone(page, "role-media-home");
    await page.getByRole("link", { name: "媒体中心" }).first().click();
    await page.getByLabel("方式").selectOption("email");
    await page.getByLabel("地址（Webhook 网址或邮箱）").fill("desk@hainan-daily.test");
    await page.getByRole("button", { name: "添加订阅" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("订阅已创建");
    expect(new URL(page.url()).pathname).toBe("/console/media");
    await page.context().close();
  });

  it("the coordinator triages a new report found on the home page", async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/reports`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: RUMOUR, platform: "wechat", region: "460100" }),
    });
    expect(res.status).toBeLessThan(300);
    const page = await signInFromHome(stack.browser, stack.baseUrl, "coordinator@demo.chorus");
    await expect.poll(() => page.locator("main").textContent()).toContain("待研判分派");
    await inspect(page, "role-coordinator-home");
    await inspectPhone(page, "role-coordinator-home");
    await page.getByRole("link", { name: /登革热/ }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("来自微信");
    await page.getByLabel("类别").selectOption("infectious-disease");
    await page.getByLabel("紧急程度").selectOption("3");
    await page.getByLabel("地区").selectOption("460100");
    const lead = await page
      .locator("#leadExpertId option", { hasText: "陈医生" })
      .first()
      .getAttribute("value");
    await page.getByLabel("牵头专家").selectOption(lead ?? "");
    await inspect(page, "role-coordinator-triage");
    await page.getByRole("button", { name: "确认分派" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("牵头");
    await expect.poll(() => page.locator("main").textContent()).toContain("研判分派");
    await inspect(page, "role-coordinator-triaged");
    await page.context().close();
  });

  it("the lead expert drafts from the home page, names a co-signer that can act, and submits", async () => {
    const page = await signInFromHome(stack.browser, stack.baseUrl, "expert.health@demo.chorus");
    await inspect(page, "role-lead-home");
    await inspectPhone(page, "role-lead-home");
    await page.getByRole("link", { name: /登革热/ }).click();
    await page.getByLabel("谣言内容").fill(RUMOUR);
    await page.getByLabel("结论").selectOption("false");
    await page.getByLabel("标题", { exact: true }).fill(TITLE);
    await page
      .getByLabel(/摘要/)
      .fill(
        "酒精进入人体后无法杀灭血液中的登革热病毒，饮酒反而加重肝脏负担。被叮咬后出现发热请及时就医。",
      );
    await page
      .getByLabel("正文（Markdown）")
      .fill("## 真相\n\n饮酒**不能**杀死登革热病毒。\n\n- 清除积水\n- 防蚊叮咬\n- 发热及时就医");
    await page.getByLabel(/来源/).fill("海南省卫生健康委员会 | https://wst.hainan.gov.cn/");
    expect(await page.getByRole("checkbox", { name: "海南省人民医院" }).count()).toBe(0);
    await page.getByRole("checkbox", { name: "海南省市场监督管理局" }).check();
    await inspect(page, "role-lead-draft");
    await page.getByRole("button", { name: "保存为新版本" }).click();
    await page.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("联合发布单位确认");
    await inspect(page, "role-lead-submitted");
    await page.context().close();
  });

  it("the peer expert arrives from the review email, signs in and approves", async () => {
    let link = "";
    await expect
      .poll(() => {
        const mail = outboxMails(stack.ctx.deps.config.outboxDir, "expert.peer@demo.chorus").find(
          (m) => m.includes("有稿件等待您审核"),
        );
        link = /https?:\/\/[^\s"]+\/console\/revisions\/[0-9a-f-]{36}/.exec(mail ?? "")?.[0] ?? "";
        return link;
      }, WAIT)
      .toMatch(/\/console\/revisions\//);
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(link);
    await signInHere(page, "expert.peer@demo.chorus");
    await expect.poll(() => page.url()).toBe(link);
    await expect.poll(() => page.locator("main").textContent()).toContain("专家同行评审");
    await page.getByLabel("意见").fill("科学依据充分，同意。");
    await inspect(page, "role-peer-review");
    await page.getByRole("button", { name: "通过" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("已通过");
    await page.goto(`${stack.baseUrl}/console`);
    await inspect(page, "role-peer-home-after");
    await context.close();
  });

  it("the health commission, then the co-signing organisation, approve from their home pages", async () => {
    await (await approveFromHome("reviewer.health@demo.chorus", "health", "省卫生健康委员会审核"))
      .context()
      .close();
    const cosigner = await approveFromHome(
      "reviewer.market@demo.chorus",
      "cosign",
      "联合发布单位确认",
    );
    await inspectPhone(cosigner, "role-cosign-done");
    await cosigner.context().close();
  });

  it("the final reviewer publishes", async () => {
    const page = await approveFromHome("reviewer.publicity@demo.chorus", "final", "省委宣传部终审");
    await expect.poll(() => page.getByRole("link", { name: "查看发布进度" }).count()).toBe(1);
    await page.context().close();
  });

  it("media staff see the message in the live list after a reload, and its delivery in Chinese", async () => {
    const page = await signInFromHome(stack.browser, stack.baseUrl, "media@demo.chorus");
    await page.getByRole("link", { name: "媒体中心" }).first().click();
    const row = page.locator("#log-h + table tbody tr").first();
    await expect
      .poll(async () => {
        await page.reload();
        return `${await page.locator("#live-feed").textContent()} ${await row.textContent()}`;
      }, WAIT)
      .toMatch(new RegExp(`${TITLE}[\\s\\S]*已送达`));
    expect(await row.textContent()).toContain("新发布");
    expect(await row.textContent()).toContain("邮件");
    expect(await row.textContent()).not.toContain("written");
    await inspect(page, "role-media-portal");
    await inspectPhone(page, "role-media-portal");
    await page.context().close();
  });

  it("the admin reaches people and organisations from the home page", async () => {
    const page = await signInFromHome(stack.browser, stack.baseUrl, "admin@demo.chorus");
    await inspect(page, "role-admin-home");
    await inspectPhone(page, "role-admin-home");
    await page.getByRole("link", { name: "系统管理" }).first().click();
    await inspect(page, "role-admin-console");
    await page.getByRole("link", { name: "人员" }).first().click();
    await expect.poll(() => page.locator("main").textContent()).toContain("林研究员");
    await inspect(page, "role-admin-people");
    await page.context().close();
  });
});

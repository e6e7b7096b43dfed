import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, signInAs } from "./pages-support.ts";
import { type Stack, snap, startStack } from "./support.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const RUMOUR = "台风“摩羯”过后海口自来水都被污染了，喝了会拉肚子，千万别喝！";
const TITLE = "台风过后海口自来水水质检测合格，可放心使用";

/** The API as a demo user (bearer token from a real sign-in). */
async function apiAs(email: string) {
  const login = await fetch(`${stack.baseUrl}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  const { token, user } = await login.json();
  return {
    user: user as { id: string },
    async call(method: string, path: string, body?: unknown) {
      const res = await fetch(`${stack.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json();
      if (res.status >= 300)
        throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
  };
}

/** Triage, draft and approve through the demo health chain, as the API's callers would. */
async function publishAnswer(caseId: string) {
  const coordinator = await apiAs("coordinator@demo.chorus");
  const lead = await apiAs("expert.health@demo.chorus");
  await coordinator.call("POST", `/api/v1/cases/${caseId}/triage`, {
    category: "infectious-disease",
    urgency: 2,
    region: "460106",
    leadExpertId: lead.user.id,
    contributorIds: [],
  });
  const revision = await lead.call("POST", `/api/v1/cases/${caseId}/revisions`, {
    kind: "rebuttal",
    claim: "台风过后海口自来水被污染",
    verdict: "false",
    title: TITLE,
    summary: "供水部门台风后连续检测，出厂水和管网水各项指标均符合国家标准。",
    body: "## 结论\n\n自来水检测合格，可以放心使用。",
    sources: [{ title: "海口市水务局通告", url: "https://swj.haikou.gov.cn/notice" }],
    coSignerOrgIds: [],
  });
  await lead.call("POST", `/api/v1/revisions/${revision.id}/submit`, {});
  let outcome = "";
  for (const email of ["expert.peer", "reviewer.health", "reviewer.publicity"]) {
    const who = await apiAs(`${email}@demo.chorus`);
    const d = await who.call("POST", `/api/v1/revisions/${revision.id}/decisions`, {
      decision: "approve",
      comment: "同意",
    });
    outcome = d.outcome;
  }
  expect(outcome).toBe("published");
}

describe("an emergency topic in Chromium", () => {
  it("is opened by the coordinator, gathers a report of its region, shows the answer, and its banner comes and goes", async () => {
    const { browser, baseUrl } = stack;
    const officer = await signInAs(browser, baseUrl, "coordinator@demo.chorus");
    await officer
      .getByRole("navigation", { name: "主导航" })
      .getByRole("link", { name: "应急专题" })
      .click();
    await officer.getByLabel("名称").fill("台风“摩羯”");
    await officer.getByLabel("类型").selectOption("typhoon");
    await officer.getByLabel("地区代码").fill("460100");
    await officer.getByLabel("地址标识").fill("typhoon-yagi");
    await officer.getByLabel("说明").fill("台风“摩羯”期间的谣言、解答与防护指引");
    await officer.getByRole("button", { name: "开设专题" }).click();
    await officer.waitForURL(/\/console\/topics\/[0-9a-f-]{36}$/);
    const dashboardUrl = officer.url();

    const visitor = await (
      await browser.newContext({ viewport: { width: 390, height: 844 } })
    ).newPage();
    await visitor.goto(`${baseUrl}/?v=1`);
    await expect.poll(() => visitor.locator(".topic-banner").textContent()).toContain("台风“摩羯”");

    await visitor.goto(`${baseUrl}/report`);
    await visitor.getByLabel("你看到的消息").fill(RUMOUR);
    await visitor.locator("#region").selectOption("460106");
    await visitor.getByRole("button", { name: "提交线索" }).click();
    await expect
      .poll(() => visitor.locator("[data-outcome]").getAttribute("data-outcome"))
      .toBe("opened");

    await officer.goto(dashboardUrl);
    await expect.poll(() => officer.locator("main").textContent()).toContain("按地区自动归入");
    const caseHref = await officer.getByRole("link", { name: /台风/ }).last().getAttribute("href");
    await publishAnswer(caseHref!.split("/").pop()!);
    await officer.reload();
    await expect.poll(() => officer.locator("main").textContent()).toContain("已发布解答 1 条");
    await snap(officer, "topics-dashboard");

    await visitor.goto(`${baseUrl}/topics/typhoon-yagi`);
    await expect.poll(() => visitor.locator("main").textContent()).toContain(TITLE);
    await snap(visitor, "topics-public-page");
    const feed = await visitor.request.get(`${baseUrl}/topics/typhoon-yagi/feed.atom`);
    expect(await feed.text()).toContain(TITLE);

    await officer.getByRole("button", { name: "结束专题" }).click();
    await expect.poll(() => officer.locator("h1").textContent()).toContain("已结束");
    await visitor.goto(`${baseUrl}/?v=2`);
    await expect.poll(() => visitor.locator("main").textContent()).toContain("最新辟谣");
    expect(await visitor.locator(".topic-banner").count()).toBe(0);
    await visitor.context().close();
    await officer.context().close();
  }, 180_000);
});

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/http/app.ts";
import type { App } from "../../../src/http/env.ts";
import { createSession } from "../../support/factories.ts";
import { type Stack, snap, startStack } from "./support.ts";

const PASSWORD = "chorus-demo-2020";
let stack: Stack;
let api: App;

beforeAll(async () => {
  stack = await startStack();
  api = createApp(stack.ctx.deps);
});
afterAll(() => stack?.close());

async function userId(email: string): Promise<string> {
  const [row] = await stack.ctx.sql`select id from users where email = ${email}`;
  return row!.id as string;
}

/** Calls the API as a demo user, with a bearer session of their own. */
async function as(email: string, method: string, path: string, body?: unknown) {
  const token = await createSession(stack.ctx.sql, await userId(email));
  const res = await api.request(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A health case assigned to the demo health expert, ready for drafting. */
async function triagedCase(title: string): Promise<string> {
  const created = await as("coordinator@demo.chorus", "POST", "/api/v1/cases", { title });
  await as("coordinator@demo.chorus", "POST", `/api/v1/cases/${created.id}/triage`, {
    category: "health-myths",
    urgency: 3,
    region: "460000",
    leadExpertId: await userId("expert.health@demo.chorus"),
    contributorIds: [],
  });
  return created.id;
}

async function signIn(page: Page, email: string) {
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
}

describe("the console on a bad day", () => {
  it("keeps an expert's draft when the session expires mid-edit, and asks to sign in again", async () => {
    const caseId = await triagedCase("演练：高温天气防中暑科普");
    const page = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/console/sign-in`);
    await signIn(page, "expert.health@demo.chorus");
    await page.goto(`${stack.baseUrl}/console/cases/${caseId}/draft`);
    await page.getByLabel("标题", { exact: true }).fill("高温天气如何预防中暑");
    await page.getByLabel(/摘要/).fill("多喝水、避开正午外出，出现头晕乏力及时到阴凉处休息。");
    await page.getByLabel("正文（Markdown）").fill("## 怎么做\n\n- 多喝水\n- 避开正午");

    const expert = await userId("expert.health@demo.chorus");
    await stack.ctx.sql`update sessions set revoked_at = now() where user_id = ${expert}`;
    await page.getByRole("button", { name: "保存为新版本" }).click();
    await expect.poll(() => page.url()).toContain("/console/sign-in");
    await expect.poll(() => page.getByRole("status").textContent()).toContain("登录已过期");
    await snap(page, "resilience-expired-session");

    await signIn(page, "expert.health@demo.chorus");
    await expect.poll(() => page.url()).toContain(`/console/cases/${caseId}/draft`);
    await expect
      .poll(() => page.getByLabel("标题", { exact: true }).inputValue())
      .toBe("高温天气如何预防中暑");
    await expect
      .poll(() => page.getByLabel(/摘要/).inputValue())
      .toBe("多喝水、避开正午外出，出现头晕乏力及时到阴凉处休息。");
    await page.close();
  });

  it("approves once when a reviewer double-clicks approve", async () => {
    const caseId = await triagedCase("演练：台风过后饮用水安全");
    const revision = await as(
      "expert.health@demo.chorus",
      "POST",
      `/api/v1/cases/${caseId}/revisions`,
      {
        kind: "guidance",
        title: "台风过后饮用水安全提示",
        summary: "自来水恢复供应后先放水几分钟，烧开再喝；井水要消毒。",
        body: "## 要点\n\n- 烧开再喝\n- 井水消毒",
        sources: [{ title: "国家卫生健康委员会", url: "https://www.nhc.gov.cn/" }],
      },
    );
    await as("expert.health@demo.chorus", "POST", `/api/v1/revisions/${revision.id}/submit`);
    await as("expert.peer@demo.chorus", "POST", `/api/v1/revisions/${revision.id}/decisions`, {
      decision: "approve",
      comment: "",
    });

    const page = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/console/revisions/${revision.id}`);
    await signIn(page, "reviewer.health@demo.chorus");
    await page.getByLabel("意见").fill("同意。");
    await page.getByRole("button", { name: "通过" }).dblclick();
    await page.waitForURL(/\/console\/revisions\/[0-9a-f-]{36}\?form=/);
    await snap(page, "resilience-double-click");
    const reviewer = await userId("reviewer.health@demo.chorus");
    const decisions = await stack.ctx.sql`
      select decision from review_decisions
      where revision_id = ${revision.id} and reviewer_id = ${reviewer}`;
    expect(decisions.map((d) => d.decision)).toEqual(["approve"]);
    await expect.poll(() => page.locator("main").textContent()).toContain("通过 · 符审核");
    await page.close();
  });
});

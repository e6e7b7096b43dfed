import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushEffects } from "../../../src/effect/counter.ts";
import { createRebuttal, createSubscriptionRow, publish } from "../../support/fanout-factories.ts";
import { fieldError, signInAs } from "./pages-support.ts";
import { type Stack, snap, startStack } from "./support.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const COORDINATOR = "coordinator@demo.chorus";
/** Deliveries run on the real worker queue of a shared machine. */
const WAIT = { timeout: 90_000, interval: 1000 };

/** A webhook receiver that answers 400 first, then holds each request until released. */
async function heldReceiver() {
  const waiting: http.ServerResponse[] = [];
  let refused = false;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (!refused) {
        refused = true;
        res.writeHead(400).end();
      } else waiting.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    waiting: () => waiting.length,
    release: () => {
      for (const res of waiting.splice(0)) res.writeHead(204).end();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("coordinator pages in a real browser", () => {
  it("a coordinator opens a proactive case, and a title with HTML is refused in place", async () => {
    const page = await signInAs(stack.browser, stack.baseUrl, COORDINATOR);
    await page.getByRole("link", { name: "主动发起" }).click();
    await page.getByLabel("标题").fill("<b>台风</b>来临前的防御科普");
    await page.getByRole("button", { name: "发起案件" }).click();
    await expect.poll(() => fieldError(page, "title").textContent()).toContain("HTML");
    await expect.poll(() => page.getByLabel("标题").inputValue()).toContain("台风");
    await snap(page, "pages-new-case-error");

    await page.getByLabel("标题").fill("台风“摩羯”来临前的防御科普");
    await page.getByLabel("说明（可选）").fill("台风将于明晚登陆文昌，提前发布防御指引。");
    await page.getByLabel("紧急程度", { exact: true }).selectOption("2");
    await page.getByRole("button", { name: "发起案件" }).click();
    await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator("h1").textContent()).toContain("摩羯");
    await snap(page, "pages-new-case-done");
    await page.context().close();
  });

  it("a coordinator merges a duplicate and closes a case with a reason; missing choices show field errors", async () => {
    const page = await signInAs(stack.browser, stack.baseUrl, COORDINATOR);
    const open = async (title: string) => {
      await page.goto(`${stack.baseUrl}/console/cases/new`);
      await page.getByLabel("标题").fill(title);
      await page.getByRole("button", { name: "发起案件" }).click();
      await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
      return page.url();
    };
    const kept = await open("网传海口自来水被污染不能饮用");
    await open("海口自来水被污染？");
    await page.getByRole("link", { name: "合并或关闭" }).click();
    await page.getByRole("button", { name: "合并" }).click();
    await expect.poll(() => fieldError(page, "intoCaseId").textContent()).toContain("ID");
    await snap(page, "pages-merge-error");
    const target = page.locator("#intoCaseId option", { hasText: "不能饮用" });
    await page.getByLabel("目标案件").selectOption((await target.getAttribute("value")) ?? "");
    await page.getByRole("button", { name: "合并" }).click();
    await expect.poll(() => page.url()).toContain(`${kept}?merged=1`);

    await page.getByRole("link", { name: "合并或关闭" }).click();
    await page.getByLabel("说明").fill("<script>x</script>");
    await page.getByRole("button", { name: "关闭案件" }).click();
    await expect.poll(() => fieldError(page, "reason").textContent()).toContain("原因");
    await expect.poll(() => fieldError(page, "note").textContent()).toContain("HTML");
    await snap(page, "pages-close-error");
    await page.getByLabel("已有答复（如已有辟谣或权威发布）").check();
    await page.getByLabel("说明").fill("水务局已发布水质检测结果。");
    await page.getByRole("button", { name: "关闭案件" }).click();
    await expect.poll(() => page.url()).toBe(kept);
    await expect.poll(() => page.locator("main").textContent()).toContain("已关闭");
    await page.context().close();
  });

  it("publication status shows a failed delivery with its error, redelivers it, and counts update in place", async () => {
    const { sql } = stack.ctx;
    const [media] = await sql`select organisation_id from users where email = 'media@demo.chorus'`;
    const receiver = await heldReceiver();
    await createSubscriptionRow(sql, {
      organisationId: media!.organisationId,
      target: receiver.url,
    });
    const rebuttal = await createRebuttal(sql, { title: "喝板蓝根不能预防新冠" });
    const event = await publish(sql, rebuttal);

    const page = await signInAs(stack.browser, stack.baseUrl, COORDINATOR);
    const row = page.locator('tr[data-channel="webhook"]');
    await expect
      .poll(async () => {
        await page.goto(`${stack.baseUrl}/console/publications/${event.id}`);
        return row.locator('[data-field="failed"]').textContent();
      }, WAIT)
      .toBe("1");
    await expect.poll(() => page.locator("main").textContent()).toContain("400");
    await snap(page, "pages-publication-failed");

    await page.getByRole("button", { name: "重新投递" }).click();
    await page.waitForURL(/redelivered=1/);
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    await expect.poll(() => page.locator("[data-event-id]").getAttribute("data-live")).toBe("1");
    await expect.poll(() => receiver.waiting(), WAIT).toBe(1);
    receiver.release();
    await expect.poll(() => row.locator('[data-field="delivered"]').textContent(), WAIT).toBe("1");
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
      true,
    );
    await expect
      .poll(() => page.locator("#progress-state").textContent())
      .toContain("全部投递已结束");
    await snap(page, "pages-publication-delivered");
    await page.context().close();
    await receiver.close();
  });

  it("the dashboard draws response times and deadline compliance as SVG charts, and a period ending before it starts is refused in place", async () => {
    const page = await signInAs(stack.browser, stack.baseUrl, COORDINATOR);
    await page.goto(`${stack.baseUrl}/console/cases/new`);
    await page.getByLabel("标题").fill("台风过后自来水能不能直接喝");
    await page.getByRole("button", { name: "发起案件" }).click();
    await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    await page.getByRole("button", { name: "确认分派" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("牵头");

    await page.getByRole("link", { name: "数据看板" }).click();
    await expect.poll(() => page.locator("figure.chart svg").count()).toBeGreaterThanOrEqual(5);
    const overall = page.locator("figure.chart").first();
    await expect
      .poll(() => overall.textContent())
      .toMatch(/到完成研判 · 中位数(不到 1 分钟|\d+ 分钟)/);
    await expect.poll(() => page.locator("main").textContent()).toContain("时限达标率");
    await page.getByLabel("紧急程度", { exact: true }).selectOption("2");
    await page.getByRole("button", { name: "筛选" }).click();
    await expect.poll(() => page.url()).toContain("urgency=2");
    await expect
      .poll(() => page.locator("figcaption").allTextContents())
      .toContainEqual(expect.stringContaining("二级"));
    await snap(page, "pages-dashboard");

    await page.getByLabel("开始日期").fill("2026-03-10");
    await page.getByLabel("结束日期").fill("2026-03-01");
    await page.getByRole("button", { name: "筛选" }).click();
    await expect.poll(() => fieldError(page, "from").textContent()).toContain("早于");
    await expect.poll(() => page.getByLabel("开始日期").inputValue()).toBe("2026-03-10");
    await snap(page, "pages-dashboard-error");
    await page.context().close();
  });

  it("a public search that found nothing is listed, and a coordinator opens a case from it; a miss that is gone is refused", async () => {
    const query = "zorblax 头盔 qyxx";
    const res = await fetch(`${stack.baseUrl}/api/v1/rebuttals?q=${encodeURIComponent(query)}`);
    expect(await res.json()).toMatchObject({ total: 0 });
    // The server lists a miss with its counter's next write (every few seconds); this one, now.
    await flushEffects(stack.ctx.deps);
    const page = await signInAs(stack.browser, stack.baseUrl, COORDINATOR, { phone: true });
    await page.goto(`${stack.baseUrl}/console/cases`);
    await page.getByRole("link", { name: "新线索与未命中搜索" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain(query);
    await snap(page, "pages-intake-phone");

    await page
      .locator('input[name="queryNorm"]')
      .first()
      .evaluate((el) => {
        (el as HTMLInputElement).value = "已经不存在的搜索";
      });
    await page.getByRole("button", { name: `为“${query}”立案` }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("没有这条");

    await page.getByRole("button", { name: `为“${query}”立案` }).click();
    await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator("main").textContent()).toContain("公众搜索未找到答案");
    await page.goto(`${stack.baseUrl}/console/intake`);
    await expect.poll(() => page.getByRole("link", { name: "查看案件" }).count()).toBe(1);
    await page.context().close();
  });
});

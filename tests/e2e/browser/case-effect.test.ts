import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dxyRumours } from "../../support/cases-factories.ts";
import {
  countedHour,
  floorHour,
  HOUR,
  missedSearch,
  publishedCase,
  reportsAt,
  votesAt,
} from "../../support/effect-factories.ts";
import { signInAs } from "./pages-support.ts";
import { inspect, inspectPhone } from "./roles-support.ts";
import { ARTIFACTS, type Stack, startStack } from "./support.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

/**
 * A wave of reports about a real rumour (DXY's salt-water gargle) for two days, the answer
 * published 30 hours ago, and after it a trickle, mostly answered at once by the rebuttal.
 */
async function seedWave() {
  const rumour = dxyRumours().find((r) => r.claim.includes("盐水漱口"))!;
  const publishedAt = new Date(floorHour(new Date()).getTime() - 30 * HOUR + 25 * 60_000);
  const { caseId, rebuttal } = await publishedCase(stack.ctx.sql, {
    title: rumour.claim,
    claim: rumour.claim,
    answer: rumour.summary,
    publishedAt,
  });
  const hour = (h: number) => new Date(publishedAt.getTime() + h * HOUR);
  for (let h = -40; h < 0; h++) {
    await reportsAt(stack.ctx.sql, hour(h), 2 + Math.round(8 * Math.exp(h / 12) * ((h % 3) + 2)), {
      caseId,
    });
    if (h % 2 === 0)
      await missedSearch(
        stack.ctx.sql,
        `盐水漱口能预防新冠吗${h % 4}`,
        hour(h),
        3 + (Math.abs(h * 7) % 5),
      );
  }
  for (let h = 1; h < 30; h += 3) {
    await reportsAt(stack.ctx.sql, hour(h), 1, { rebuttalId: rebuttal.id });
    await countedHour(stack.ctx.sql, rebuttal.id, hour(h), {
      views: 30,
      searchHits: 4,
      searchClicks: 2,
    });
  }
  await reportsAt(stack.ctx.sql, hour(2), 1, { caseId });
  await votesAt(stack.ctx.sql, rebuttal.id, hour(3), 12, 2);
  const [topic] = await stack.ctx.sql<{ id: string }[]>`
    insert into topics (slug, name, kind, regions, starts_at)
    values ('outbreak-gargle', '新冠疫情谣言', 'outbreak', '{460000}', ${hour(-60)})
    returning id`;
  await stack.ctx.sql`insert into topic_cases (topic_id, case_id) values (${topic!.id}, ${caseId})`;
  return { title: rumour.claim };
}

describe("the effect chart in Chromium", () => {
  it("shows a coordinator, from the home page, the drop in reports after the answer was published, on the case and on its topic", async () => {
    const { title } = await seedWave();
    const { browser, baseUrl } = stack;
    const officer = await signInAs(browser, baseUrl, "coordinator@demo.chorus");
    await officer
      .getByRole("navigation", { name: "主导航" })
      .getByRole("link", { name: "已结案件" })
      .click();
    await officer.getByRole("link", { name: title }).first().click();
    await officer.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);

    const chart = officer.locator("figure.effect-chart svg");
    await expect.poll(() => chart.getAttribute("aria-label")).toContain("发布前 48 小时");
    const label = (await chart.getAttribute("aria-label"))!;
    const rate = (phase: string) =>
      Number(new RegExp(`${phase} \\d+ 小时：线索 \\d+ 条（每小时 ([\\d.]+) 条）`).exec(label)![1]);
    expect(rate("发布前")).toBeGreaterThan(5 * rate("发布后"));
    expect(await officer.locator("figure.effect-chart .publication line").count()).toBe(1);
    expect(await officer.locator("figure.effect-chart svg desc").textContent()).toContain(
      "被即时解答",
    );
    const figures = officer.locator("dl.effect-figures");
    expect(await figures.textContent()).toContain("300");
    expect(await figures.textContent()).toContain("有帮助 12 · 没帮助 2");
    expect(await figures.textContent()).toMatch(/90\.9%（10\/11 条线索）/);
    await inspect(officer, "case-effect");
    await inspectPhone(officer, "case-effect");
    await officer
      .locator("section.effect")
      .screenshot({ path: path.join(ARTIFACTS, "case-effect-chart.png") });

    await officer
      .getByRole("navigation", { name: "主导航" })
      .getByRole("link", { name: "应急专题" })
      .click();
    await officer.getByRole("link", { name: "新冠疫情谣言" }).click();
    const topicChart = officer.locator("figure.effect-chart svg");
    await expect.poll(() => topicChart.getAttribute("aria-label")).toContain("发布前 48 小时");
    await expect
      .poll(() => officer.locator("dl.effect-figures").textContent())
      .toContain("有帮助 12 · 没帮助 2");
    await inspect(officer, "topic-effect");
    await officer
      .locator("section.effect")
      .screenshot({ path: path.join(ARTIFACTS, "topic-effect-chart.png") });
    await officer.context().close();
  }, 180_000);
});

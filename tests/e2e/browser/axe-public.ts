import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** Fails on axe-core's serious or critical violations of the page as it is now, naming each one. */
export async function expectNoSeriousAxeViolations(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  expect(serious, `axe on ${name}`).toEqual([]);
}

/** What a Chinese reader must never see on a public page: raw ids, slugs, English statuses. */
export async function expectNoRawWords(page: Page, name: string, slugs: string[] = []) {
  const text = (await page.locator("body").textContent()) ?? "";
  expect(text, `${name}: a raw id`).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  expect(text, `${name}: an English status`).not.toMatch(
    /\b(opened|attached|matched|live|retracted|false|misleading|unproven|true|null|undefined)\b/,
  );
  for (const slug of slugs) expect(text, `${name}: a slug`).not.toContain(slug);
}

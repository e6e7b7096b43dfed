import fs from "node:fs";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { DEMO_PASSWORD } from "./pages-support.ts";
import { snap } from "./support.ts";

/** Words a Chinese reader must never meet on a console page: event codes, English states, ids. */
const RAW =
  /\b(?:rebuttal|case|review|report|revision)\.[a-z_]+\b|\b(?:active|paused|delivered|pending|retrying|in_review|triaged|drafting|changes_requested)\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/;

/**
 * Checks a page as a person meets it: axe finds no serious or critical violation, the visible
 * text shows no raw identifier or English status, and a screenshot is saved.
 */
export async function inspect(page: Page, name: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, `axe on ${name}`).toEqual([]);
  const text = (await page.locator("main").textContent()) ?? "";
  expect(text, `raw words on ${name}`).not.toMatch(RAW);
  await snap(page, name);
}

/** Also at 390 px wide, as on a phone. */
export async function inspectPhone(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await inspect(page, `${name}-390`);
  if (size) await page.setViewportSize(size);
}

/** Opens the home page signed out, signs in there, and lands back on the home page. */
export async function signInFromHome(browser: Browser, baseUrl: string, email: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/console`);
  await signInHere(page, email);
  await expect.poll(() => new URL(page.url()).pathname).toBe("/console");
  return page;
}

/** Fills the sign-in form the page was sent to. */
export async function signInHere(page: Page, email: string) {
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
}

/** The text of every email written to the outbox for an address (bodies decoded). */
export function outboxMails(outboxDir: string, to: string): string[] {
  if (!fs.existsSync(outboxDir)) return [];
  return fs
    .readdirSync(outboxDir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => fs.readFileSync(path.join(outboxDir, f), "utf8"))
    .filter((raw) => new RegExp(`^To: ${to.replace(/\./g, "\\.")}`, "m").test(raw))
    .map(decodeMail);
}

function decodeMail(raw: string): string {
  const softBreaks = raw.replace(/=\r?\n/g, "");
  const qp = softBreaks.replace(/(?:=[0-9A-F]{2})+/g, (m) => {
    const bytes = m
      .split("=")
      .slice(1)
      .map((h) => Number.parseInt(h, 16));
    return Buffer.from(bytes).toString("utf8");
  });
  const blocks = raw.match(/(?:^[A-Za-z0-9+/=]{40,}\r?\n)+/gm) ?? [];
  return [
    qp,
    ...blocks.map((b) => Buffer.from(b.replace(/\s/g, ""), "base64").toString("utf8")),
  ].join("\n");
}

import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recogniseText, stopOcr } from "../../../src/images/ocr/ocr-pool.ts";
import { normalizeText } from "../../../src/text/normalize.ts";
import { type Stack, snap, startStack } from "./support.ts";

let stack: Stack;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  page = await (await stack.browser.newContext({ locale: "zh-CN" })).newPage();
});
afterAll(async () => {
  await stopOcr();
  await page?.context().close();
  await stack?.close();
});

/** Share of `wanted`'s character bigrams that `text` holds (both folded like a search query). */
function bigramCover(wanted: string, text: string): number {
  const grams = (s: string) => {
    const t = normalizeText(s).replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, "");
    return new Set(Array.from({ length: Math.max(0, t.length - 1) }, (_, i) => t.slice(i, i + 2)));
  };
  const want = grams(wanted);
  const have = grams(text);
  return [...want].filter((g) => have.has(g)).length / Math.max(1, want.size);
}

describe("share cards in a real browser", () => {
  it("every starter rebuttal's 分享卡片 opens a 1080-wide card that reads 网传 (the claim) above 真相 (the answer)", async () => {
    const live = await stack.ctx.sql<{ slug: string; claim: string; title: string }[]>`
      select slug, claim, title from rebuttals where status = 'live' and not drill order by slug`;
    expect(live.length).toBeGreaterThanOrEqual(40);
    // A reader arrives at a rebuttal from the library's home page; that one is checked first.
    await page.goto(`${stack.baseUrl}/`);
    await page.locator("article.hit h3 a").first().click();
    await page.waitForURL(/\/r\//);
    const first = decodeURIComponent(new URL(page.url()).pathname.slice("/r/".length));
    const rebuttals = [...live].sort((a, b) => Number(b.slug === first) - Number(a.slug === first));
    expect(rebuttals[0]!.slug).toBe(first);
    const misread: string[] = [];
    for (const [i, r] of rebuttals.entries()) {
      if (i > 0) await page.goto(`${stack.baseUrl}/r/${encodeURIComponent(r.slug)}`);
      // The link downloads the card (a phone saves it to post in a group chat).
      const link = page.getByRole("link", { name: "分享卡片" });
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      expect(download.suggestedFilename(), r.slug).toMatch(/\.png$/);
      const png = fs.readFileSync((await download.path())!);
      // Opened in the browser, as "open image" does, the decoded picture is 1080 wide.
      const response = await page.goto(
        new URL((await link.getAttribute("href"))!, page.url()).href,
      );
      expect(response?.status(), r.slug).toBe(200);
      expect(response?.headers()["content-type"]).toBe("image/png");
      const size = await page
        .locator("img")
        .evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight }));
      expect(size.w, r.slug).toBe(1080);
      expect(size.h, r.slug).toBeGreaterThan(600);
      if (i < 3) await snap(page, `share-card-${i + 1}`);
      // The visual check: read the downloaded card back with the project's own OCR.
      const text = (await recogniseText(png, `card:${r.slug}`)).text;
      const claimAt = text.indexOf("网传");
      const answerAt = text.indexOf("真相");
      const claimCover = bigramCover(r.claim, text);
      const answerCover = bigramCover(r.title, text.slice(Math.max(0, answerAt)));
      if (!(claimAt >= 0 && answerAt > claimAt && claimCover >= 0.6 && answerCover >= 0.6)) {
        const seen = `网传@${claimAt} 真相@${answerAt} claim ${claimCover.toFixed(2)} answer ${answerCover.toFixed(2)}`;
        misread.push(`${r.slug}: ${seen}`);
      }
    }
    expect(misread).toEqual([]);
  }, 600_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOcr, stopOcr } from "../../../src/images/ocr/ocr-pool.ts";
import { renderScreenshot } from "../../support/screenshots.ts";
import { expectNoRawWords, expectNoSeriousAxeViolations } from "./axe-public.ts";
import { type Stack, snap, startStack } from "./support.ts";

// A rumour of the starter library (content/library/banlangen-prevents.md), as a chat screenshot.
const RUMOUR = "喝板蓝根可以预防新冠肺炎？赶紧转给家里人，每天喝一包！";
const ANSWER = "板蓝根不能预防新冠肺炎";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  // Loaded once, as a server that has read an image before; a slow reading is still allowed.
  await startOcr();
}, 240_000);
afterAll(async () => {
  await stopOcr();
  await stack?.close();
});

/** What the server holds for the report with this tracking code. */
async function stored(code: string) {
  const [row] = await stack.ctx.sql<{ outcome: string; ocrStatus: string | null }[]>`
    select r.outcome, i.ocr_status from reports r left join report_images i on i.report_id = r.id
    where r.tracking_code = ${code}`;
  return row!;
}

describe("a member of the public reports a screenshot", () => {
  it("uploads a screenshot of a known rumour on /report and sees the answer, or is told honestly that the image is still being read", async () => {
    const shot = await renderScreenshot(RUMOUR, { kind: "chat" });
    const context = await stack.browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/report`);
    await page.getByLabel("上传截图（可选）").setInputFiles({
      name: "screenshot.png",
      mimeType: "image/png",
      buffer: shot,
    });
    await expectNoSeriousAxeViolations(page, "report-image-01-form");
    await snap(page, "report-image-01-form");
    await page.getByRole("button", { name: "提交线索" }).click();
    await page.waitForURL(/\/report\?sent=/, { timeout: 120_000 });

    const code = new URL(page.url()).searchParams.get("code")!;
    const server = await stored(code);
    const shown = await page.locator("[data-image]").getAttribute("data-image");
    expect(await page.locator("[data-outcome]").getAttribute("data-outcome")).toBe(server.outcome);
    await expectNoSeriousAxeViolations(page, "report-image-02-sent");
    await expectNoRawWords(page, "report-image-02-sent", ["banlangen-prevents"]);
    await snap(page, "report-image-02-sent");

    if (server.ocrStatus === "done") {
      // Read in time: the text went through matching and the answer is on the page at once.
      expect(shown).toBe("read");
      expect(await page.locator(".recognised").textContent()).toContain("板蓝根");
      expect(server.outcome).toBe("matched");
      expect(await page.getByRole("link", { name: `真相：${ANSWER}` }).count()).toBe(1);
    } else {
      // Not read within OCR_WAIT_MS: said so, and the tracking page shows the text once read.
      expect(server.ocrStatus).toBe("pending");
      expect(shown).toBe("reading");
      expect(await page.getByRole("status").textContent()).toContain("图片仍在识别中");
      await page.getByRole("link", { name: code }).click();
      await page.waitForURL(new RegExp(`/report/${code}$`));
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.locator("[data-image]").getAttribute("data-image");
          },
          { timeout: 180_000, interval: 2_000 },
        )
        .toBe("read");
      expect((await stored(code)).ocrStatus).toBe("done");
      expect(await page.locator(".recognised").textContent()).toContain("板蓝根");
      await snap(page, "report-image-03-status");
    }
    await context.close();
  }, 420_000);
});

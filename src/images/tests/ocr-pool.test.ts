import { afterAll, describe, expect, it } from "vitest";
import { renderScreenshot } from "../../../tests/support/screenshots.ts";
import { ocrLoaded, recogniseText, startOcr, stopOcr } from "../ocr/ocr-pool.ts";

afterAll(() => stopOcr());

describe("the OCR worker thread", () => {
  it("reads a screenshot, then gives its memory back when idle", async () => {
    await startOcr({ keep: false, idleMs: 200 });
    const shot = await renderScreenshot("盐水漱口能预防新冠病毒感染？", { kind: "notice" });
    const { text, timings } = await recogniseText(shot, "pool-test");
    expect(text).toContain("盐水漱口");
    expect(Object.keys(timings ?? {})).toEqual(["prepare", "detect", "boxes", "crop", "recognise"]);
    await expect.poll(ocrLoaded, { timeout: 30_000, interval: 50 }).toBe(false);
  }, 120_000);

  it("keeps the models loaded in a process told to keep them (the worker role)", async () => {
    await startOcr({ keep: true, idleMs: 200 });
    await recogniseText(await renderScreenshot("熏艾可以预防新冠肺炎？", { kind: "chat" }), "keep");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ocrLoaded()).toBe(true);
  }, 120_000);
});

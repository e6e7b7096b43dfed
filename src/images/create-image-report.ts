import { setTimeout as sleep } from "node:timers/promises";
import { createReport, type ReportInput, type ReportOutcome } from "../cases/create-report.ts";
import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { enqueue } from "../jobs/define.ts";
import { insertReportImage, reportImagesBytes } from "./db/report-images.ts";
import { intakeImage } from "./intake-image.ts";
import { readReportImage } from "./jobs.ts";
import { type OcrResult, recogniseText } from "./ocr/ocr-pool.ts";

/** All report images together may take this many bytes. */
export const REPORT_IMAGES_QUOTA = 2 * 1024 ** 3;
/** What a report says while its image has no text (yet); late text replaces it. */
export const NO_TEXT = "（图片线索：未识别出文字，请工作人员查看图片）";

export interface ImageReportInput extends Partial<ReportInput> {
  image: Blob;
}

export interface ImageReportOutcome extends ReportOutcome {
  recognisedText: string | null;
  image: "read" | "no_text" | "reading";
}

/**
 * A report with a screenshot: the image is checked and re-encoded, read by OCR in the worker
 * thread, and its text goes through the same matching as typed text. When OCR takes longer
 * than `config.ocrWaitMs` (OCR_WAIT_MS) the report is taken with what was typed and a job attaches the text later.
 * @example await createImageReport(ctx, { image: file, platform: "wechat" })
 */
export async function createImageReport(
  ctx: ServiceCtx,
  input: ImageReportInput,
  opts: { waitMs?: number } = {},
): Promise<ImageReportOutcome> {
  const { image: file, ...fields } = input;
  const image = await intakeImage(file);
  if ((await reportImagesBytes(ctx.deps.sql)) + image.bytes.length > REPORT_IMAGES_QUOTA) {
    throw new AppError("service_unavailable", "图片存储已满，请只提交文字");
  }
  const ocr = await withDeadline(
    recogniseText(image.bytes, image.sha256),
    opts.waitMs ?? ctx.deps.config.ocrWaitMs,
  );
  const recognised = ocr?.text.trim() ?? null;
  const text = [fields.text?.trim(), recognised].filter(Boolean).join("\n").slice(0, 5000);
  const outcome = await createReport(ctx, { ...fields, text: text || NO_TEXT, openCase: !text });
  await ctx.deps.sql.begin(async (tx) => {
    const stored = await insertReportImage(tx, {
      reportId: outcome.id,
      image,
      recognisedText: recognised,
      ocrMs: ocr?.ms ?? null,
    });
    if (!ocr) await enqueue(tx, readReportImage, { reportImageId: stored.id });
  });
  const state = !ocr ? "reading" : recognised ? "read" : "no_text";
  return { ...outcome, recognisedText: recognised, image: state };
}

async function withDeadline(reading: Promise<OcrResult>, ms: number) {
  const stop = new AbortController();
  const late = sleep(ms, undefined, { signal: stop.signal }).catch(() => undefined);
  try {
    return await Promise.race([reading.catch(() => undefined), late]);
  } finally {
    stop.abort();
  }
}

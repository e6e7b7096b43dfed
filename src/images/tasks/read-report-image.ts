import { task } from "../../jobs/task.ts";
import { setRecognisedText } from "../db/report-images.ts";
import { readReportImage } from "../jobs.ts";
import { recogniseText } from "../ocr/ocr-pool.ts";

/** Reads a report image that the report did not wait for and keeps the text (idempotent). */
export const readReportImageTask = task(
  readReportImage,
  async ({ reportImageId }, { deps, log, job }) => {
    const [row] = await deps.sql<{ bytes: Buffer; sha256: string; ocrStatus: string }[]>`
    select bytes, sha256, ocr_status from report_images where id = ${reportImageId}`;
    if (row?.ocrStatus !== "pending") return;
    try {
      const { text, ms } = await recogniseText(row.bytes, row.sha256);
      await setRecognisedText(deps.sql, reportImageId, { text: text.trim(), ms, status: "done" });
    } catch (err) {
      if (job.attempts < job.maxAttempts) throw err;
      log.warn({ reportImageId, err }, "report image could not be read");
      await setRecognisedText(deps.sql, reportImageId, { text: null, ms: null, status: "failed" });
    }
  },
);

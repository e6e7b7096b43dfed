import { answerLateText } from "../../cases/late-text.ts";
import { task } from "../../jobs/task.ts";
import { NO_TEXT } from "../create-image-report.ts";
import { findImageToRead, setRecognisedText } from "../db/report-images.ts";
import { readReportImage } from "../jobs.ts";
import { recogniseText } from "../ocr/ocr-pool.ts";

/**
 * Reads a report image that the report did not wait for, keeps the text and puts it through
 * the same matching as typed text (`answerLateText`). Safe to
 * run twice: a read image is not read again, an answered report is not answered again.
 */
export const readReportImageTask = task(
  readReportImage,
  async ({ reportImageId }, { deps, log, job }) => {
    const row = await findImageToRead(deps.sql, reportImageId);
    if (row?.ocrStatus === "pending") {
      try {
        const { text, ms } = await recogniseText(row.bytes, row.sha256);
        await setRecognisedText(deps.sql, reportImageId, { text: text.trim(), ms, status: "done" });
      } catch (err) {
        if (job.attempts < job.maxAttempts) throw err;
        log.warn({ reportImageId, err }, "report image could not be read");
        await setRecognisedText(deps.sql, reportImageId, {
          text: null,
          ms: null,
          status: "failed",
        });
        return;
      }
    }
    const read = await findImageToRead(deps.sql, reportImageId);
    if (!read?.recognisedText) return;
    await answerLateText(deps, {
      reportId: read.reportId,
      text: read.recognisedText,
      replaces: NO_TEXT,
    });
  },
);

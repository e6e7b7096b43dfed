import { z } from "zod";
import { defineJob } from "../jobs/define.ts";

/** Reads a report image the report could not wait for, and attaches the text. */
export const readReportImage = defineJob(
  "images.read-report-image",
  z.object({ reportImageId: z.uuid() }),
  { maxAttempts: 3 },
);

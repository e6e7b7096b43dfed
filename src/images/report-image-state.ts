import { parseCode } from "../authenticity/code.ts";
import type { ServiceCtx } from "../context.ts";
import { reportImageByTrackingCode } from "./db/report-images.ts";

/** Where reading a report's screenshot stands, as its sender may see it. */
export type ReportImageState =
  | { state: "reading" }
  | { state: "read"; recognisedText: string }
  | { state: "no_text" };

/**
 * The screenshot of a report, by the report's tracking code (its sender's key): still being
 * read, the text read, or no text found; undefined when the report has no image.
 * @example await getReportImageState(ctx, { code: "7K3M9Q2D" }) → { state: "reading" }
 */
export async function getReportImageState(
  { deps }: Pick<ServiceCtx, "deps">,
  input: { code: string },
): Promise<ReportImageState | undefined> {
  const code = parseCode(input.code);
  const row = code ? await reportImageByTrackingCode(deps.sql, code) : undefined;
  if (!row) return undefined;
  if (row.ocrStatus === "pending") return { state: "reading" };
  const text = row.recognisedText?.trim();
  return text ? { state: "read", recognisedText: text } : { state: "no_text" };
}

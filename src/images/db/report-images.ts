import type { Sql } from "../../db/client.ts";
import type { IntakeImage } from "../intake-image.ts";

/** The image of a report as staff see it. */
export interface StoredReportImage {
  id: string;
  reportId: string;
  mime: string;
  width: number;
  height: number;
  bytes: Buffer;
  ocrStatus: "pending" | "done" | "failed";
  recognisedText: string | null;
}

/** Bytes all report images take together. */
export async function reportImagesBytes(sql: Sql): Promise<number> {
  const [row] = await sql`select coalesce(sum(byte_size), 0)::bigint as total from report_images`;
  return Number(row?.total ?? 0);
}

/** Keeps a report's image (one per report). */
export async function insertReportImage(
  sql: Sql,
  r: { reportId: string; image: IntakeImage; recognisedText: string | null; ocrMs: number | null },
): Promise<{ id: string }> {
  const status = r.recognisedText === null ? "pending" : "done";
  const [row] = await sql`
    insert into report_images (report_id, mime, width, height, bytes, byte_size, sha256,
                               ocr_status, recognised_text, ocr_ms)
    values (${r.reportId}, ${r.image.mime}, ${r.image.width}, ${r.image.height}, ${r.image.bytes},
            ${r.image.bytes.length}, ${r.image.sha256}, ${status}, ${r.recognisedText}, ${r.ocrMs})
    returning id`;
  return row as { id: string };
}

/** A report's image by the report id, or undefined. */
export async function findReportImage(
  sql: Sql,
  reportId: string,
): Promise<StoredReportImage | undefined> {
  const [row] = await sql<StoredReportImage[]>`
    select id, report_id, mime, width, height, bytes, ocr_status, recognised_text
    from report_images where report_id = ${reportId}`;
  return row;
}

/** The images of a case's reports without their bytes, for the case page. */
export async function listCaseReportImages(sql: Sql, caseId: string) {
  return sql<{ reportId: string; ocrStatus: string; recognisedText: string | null }[]>`
    select i.report_id, i.ocr_status, i.recognised_text
    from report_images i join reports r on r.id = i.report_id
    where r.case_id = ${caseId} order by i.created_at`;
}

/** Records what OCR read (or that it failed); idempotent. */
export async function setRecognisedText(
  sql: Sql,
  id: string,
  r: { text: string | null; ms: number | null; status: "done" | "failed" },
): Promise<void> {
  await sql`update report_images
    set recognised_text = ${r.text}, ocr_ms = ${r.ms}, ocr_status = ${r.status}
    where id = ${id} and ocr_status = 'pending'`;
}

/** An image with what the late reader needs: its bytes, its state and its report. */
export async function findImageToRead(sql: Sql, id: string) {
  const [row] = await sql<
    {
      reportId: string;
      bytes: Buffer;
      sha256: string;
      ocrStatus: string;
      recognisedText: string | null;
    }[]
  >`
    select report_id, bytes, sha256, ocr_status, recognised_text from report_images
    where id = ${id}`;
  return row;
}

/** A report's case (null when it was answered at once), or undefined for no such report. */
export async function reportCaseOf(sql: Sql, reportId: string) {
  const [row] = await sql<{ caseId: string | null }[]>`
    select case_id from reports where id = ${reportId}`;
  return row;
}

/** The image of the report with this tracking code (no bytes), or undefined. */
export async function reportImageByTrackingCode(sql: Sql, trackingCode: string) {
  const [row] = await sql<
    { ocrStatus: "pending" | "done" | "failed"; recognisedText: string | null }[]
  >`
    select i.ocr_status, i.recognised_text
    from report_images i join reports r on r.id = i.report_id
    where r.tracking_code = ${trackingCode}`;
  return row;
}

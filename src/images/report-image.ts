import { assertAllowed } from "../auth/policy.ts";
import { findCase } from "../cases/db/cases.ts";
import { isAssigned } from "../cases/db/cases-people.ts";
import { canViewCase } from "../cases/policy.ts";
import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { findReportImage, listCaseReportImages, reportCaseOf } from "./db/report-images.ts";
import { loadSharp } from "./sharp.ts";

const notFound = () => new AppError("not_found", "未找到这张图片");

/**
 * Whether the caller may see a case's report images: the people who may see the case. A
 * report answered at once has no case: coordinators and admins only. Everyone else gets a 404.
 */
async function assertMaySee({ deps, actor }: ServiceCtx, caseId: string | null) {
  if (actor.kind !== "user") throw notFound();
  if (!caseId) {
    assertAllowed(canViewCase(actor, { status: "", assigned: false }));
    return;
  }
  const c = await findCase(deps.sql, caseId);
  if (!c) throw notFound();
  const assigned = await isAssigned(deps.sql, caseId, actor.userId);
  assertAllowed(canViewCase(actor, { status: c.status, assigned }));
}

/**
 * A report's image for staff who may see its case: decoded and encoded again by sharp on the
 * way out (orientation applied, EXIF and every other metadata block dropped).
 * @example const { bytes, mime } = await getReportImage(ctx, { reportId });
 */
export async function getReportImage(ctx: ServiceCtx, input: { reportId: string }) {
  const report = await reportCaseOf(ctx.deps.sql, input.reportId);
  if (!report) throw notFound();
  await assertMaySee(ctx, report.caseId);
  const image = await findReportImage(ctx.deps.sql, input.reportId);
  if (!image) throw notFound();
  const sharp = await loadSharp();
  const out = sharp(image.bytes).rotate();
  const bytes =
    image.mime === "image/jpeg"
      ? await out.jpeg({ quality: 90 }).toBuffer()
      : image.mime === "image/webp"
        ? await out.webp({ quality: 90 }).toBuffer()
        : await out.png().toBuffer();
  return { bytes, mime: image.mime };
}

/**
 * The images of a case's reports with what OCR read, for the case page (no bytes).
 * @example const images = await listCaseImages(ctx, { caseId });
 */
export async function listCaseImages(ctx: ServiceCtx, input: { caseId: string }) {
  await assertMaySee(ctx, input.caseId);
  return listCaseReportImages(ctx.deps.sql, input.caseId);
}

import { z } from "zod";
import type { App } from "../../http/env.ts";
import { AppError } from "../../http/errors.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { getReportImage } from "../report-image.ts";

/**
 * `GET /console/reports/{id}/image`: a report's image for staff who may see its case (a
 * console asset, not an API operation); 404 for everyone else, signed in or not.
 */
export function registerReportImage(app: App): void {
  app.get("/console/reports/:id/image", async (c) => {
    const id = z.uuid().safeParse(c.req.param("id"));
    if (!id.success) throw new AppError("not_found", "未找到这张图片");
    const { bytes, mime } = await getReportImage(serviceCtx(c), { reportId: id.data });
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": mime,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    });
  });
}

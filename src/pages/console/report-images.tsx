import type { Context } from "hono";
import type { AppEnv } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { listCaseImages } from "../../images/report-image.ts";

const ocrLabels: Record<string, string> = {
  pending: "图片仍在识别中",
  done: "识别出的文字",
  failed: "图片未能识别",
};

/**
 * The case's report images, each beside the text OCR read from it (staff who may see the
 * case only; the image itself is re-encoded without EXIF by `/console/reports/{id}/image`).
 */
export async function ReportImages(props: { c: Context<AppEnv>; caseId: string }) {
  const images = await listCaseImages(serviceCtx(props.c), { caseId: props.caseId });
  if (images.length === 0) return null;
  return (
    <section class="report-images">
      <h3>线索图片（{images.length}）</h3>
      {images.map((i) => (
        <figure class="report-image" style="display:flex;gap:1rem;align-items:flex-start">
          <a href={`/console/reports/${i.reportId}/image`} target="_blank" rel="noopener">
            <img
              src={`/console/reports/${i.reportId}/image`}
              alt="线索截图"
              loading="lazy"
              style="max-width:240px;max-height:360px;border:1px solid #ccc"
            />
          </a>
          <figcaption>
            <strong>{ocrLabels[i.ocrStatus] ?? "识别状态未知"}</strong>
            {i.recognisedText ? (
              <p style="white-space:pre-wrap">{i.recognisedText}</p>
            ) : (
              i.ocrStatus === "done" && <p class="muted">图片中没有识别出文字</p>
            )}
          </figcaption>
        </figure>
      ))}
    </section>
  );
}

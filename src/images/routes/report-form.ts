import { z } from "@hono/zod-openapi";

const fileField = z
  .custom<File>((v) => v instanceof File && v.size > 0, "请上传一张图片（PNG、JPEG 或 WebP）")
  .openapi({
    type: "string",
    format: "binary",
    description: "PNG, JPEG or WebP, ≤ 5 MB, ≤ 40 megapixels, one frame",
  });

/**
 * The file field of `createReport` as `multipart/form-data`, beside the JSON body's fields; a
 * form sends its consent box as text ("true", "on"), so `notify` is read from a string here.
 */
export const ReportImageField = {
  image: fileField,
  notify: z
    .stringbool({ truthy: ["true", "on", "1"], falsy: ["false", "off", "0", ""] })
    .optional(),
};

/** What a report with an image adds to the answer. */
export const ImageReportFields = {
  recognisedText: z.string().nullable().optional().openapi({
    description: "Text read from the image (null while it is still being read)",
  }),
  image: z.enum(["read", "no_text", "reading"]).optional().openapi({
    description:
      "read · no_text (a case is opened for staff) · reading (the text is attached later)",
  }),
};

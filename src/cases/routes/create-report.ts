import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { validationError } from "../../http/errors.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { createImageReport } from "../../images/create-image-report.ts";
import { ImageReportFields, ReportImageField } from "../../images/routes/report-form.ts";
import { createReport } from "../create-report.ts";
import { httpUrl, plainText, platforms, regionCode, requiredText } from "../schemas.ts";
import { json, problems, RebuttalMatch } from "./schemas.ts";

/** Reports one address may send per window before 429. */
export const REPORT_LIMIT = { limit: 10, windowMs: 10 * 60_000 };

export const ReportBody = z
  .object({
    text: requiredText(5000, "线索内容").openapi({
      description: "The rumour, or a whole pasted forwarded message (plain text, ≤ 5,000 chars)",
      example: "听说用盐水漱口可以预防新冠病毒感染，是真的吗？",
    }),
    sourceUrl: httpUrl.optional(),
    platform: z
      .enum(platforms, "平台须为 wechat / weibo / douyin / short_video / website / other")
      .optional()
      .openapi({
        description:
          "微信 wechat · 微博 weibo · 抖音 douyin · 短视频 short_video · 网站 website · 其他 other",
      }),
    region: regionCode.optional(),
    contact: plainText(200, "联系方式").optional().openapi({
      description: "Kept confidential: never shown to the public, only to staff handling the case",
    }),
    email: z.email("请填写有效的邮箱地址").max(254).optional().openapi({
      description: "Where to send the answer and later corrections; used only with `notify`",
    }),
    notify: z.boolean().optional().openapi({
      description: "Consent: email me the answer when it publishes, and on update or retraction",
    }),
  })
  .strict()
  .openapi("ReportInput");

const ReportForm = ReportBody.partial().extend(ReportImageField).openapi("ReportFormInput");

const ReportResult = z
  .object({
    id: z.string(),
    outcome: z.enum(["matched", "attached", "opened"]),
    caseId: z.string().optional(),
    trackingCode: z.string().openapi({
      description: "8 characters; `/report/{code}` and `getReportStatus` show the report's state",
      example: "7K3M9Q2D",
    }),
    matches: z.array(RebuttalMatch),
    ...ImageReportFields,
  })
  .openapi("ReportResult");

export const createReportRoute = createRoute({
  operationId: "createReport",
  method: "post",
  path: "/api/v1/reports",
  tags: ["cases"],
  summary: "Report a rumour (public, no sign-in)",
  description:
    "Matched first against the live library: `matched` answers at once with the rebuttal; else " +
    "`attached` to an open case covering the same rumour; else a new case is `opened`. " +
    "`matches` lists likely answers in every outcome. Limited per address (429 + Retry-After). " +
    "As `multipart/form-data` it takes a screenshot (`image`): its text, read by OCR, is matched " +
    "like typed text and returned as `recognisedText`.",
  ...access(
    { public: true },
    rateLimit({ name: "createReport", ...REPORT_LIMIT, key: (c) => requestMeta(c).ip }),
  ),
  request: {
    body: {
      // Not `required`: with it the JSON and the form validators would both run on every body.
      required: false,
      content: {
        "application/json": { schema: ReportBody },
        "multipart/form-data": { schema: ReportForm },
      },
    },
  },
  responses: {
    201: json(ReportResult, "Report received"),
    ...problems(400, 413, 415, 429),
  },
});

/** `createReport`: a public rumour report → matched / attached / opened. */
export function registerCreateReport(app: App): void {
  app.openapi(createReportRoute, async (c) => {
    const multipart = c.req.header("content-type")?.startsWith("multipart/") ?? false;
    const ctx = serviceCtx(c);
    if (multipart) {
      const form = c.req.valid("form") as z.output<typeof ReportForm>;
      return c.json(await createImageReport(ctx, form), 201);
    }
    const input = ReportBody.safeParse(c.req.valid("json"));
    if (!input.success) throw validationError(input.error);
    const result = await createReport(ctx, input.data);
    return c.json(result, 201);
  });
}

import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { getReportStatus, reportStates } from "../report-status.ts";
import { json, problems } from "./schemas.ts";

/** Guessing codes costs: 60 look-ups per address per 10 minutes. */
export const REPORT_STATUS_LIMIT = { limit: 60, windowMs: 10 * 60_000 };

export const ReportStatus = z
  .object({
    trackingCode: z.string(),
    receivedAt: z.string(),
    state: z.enum(reportStates),
    label: z.string().openapi({ description: "已收到 / 核实中 / 已发布解答 / 已合并… / 不予处理" }),
    reason: z.string().nullable(),
    rebuttal: z.object({ title: z.string(), url: z.string(), retracted: z.boolean() }).nullable(),
  })
  .openapi("ReportStatus");

export const getReportStatusRoute = createRoute({
  operationId: "getReportStatus",
  method: "get",
  path: "/api/v1/reports/{code}",
  tags: ["cases"],
  summary: "Where a report stands, by its tracking code (public)",
  ...access(
    { public: true },
    rateLimit({ name: "getReportStatus", ...REPORT_STATUS_LIMIT, key: (c) => requestMeta(c).ip }),
  ),
  request: {
    params: z.object({
      code: z
        .string()
        .max(20)
        .openapi({ param: { name: "code", in: "path" }, example: "7K3M9Q2D" }),
    }),
  },
  responses: { 200: json(ReportStatus, "The report's state"), ...problems(400, 404, 429) },
});

/** `getReportStatus`. */
export function registerGetReportStatus(app: App): void {
  app.openapi(getReportStatusRoute, async (c) =>
    c.json(await getReportStatus(serviceCtx(c), c.req.valid("param")), 200),
  );
}

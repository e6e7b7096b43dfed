import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { getStats } from "../get-stats.ts";
import { regionCode } from "../schemas.ts";
import { json, problems } from "./schemas.ts";

const instant = z.iso
  .datetime({ offset: true, message: "须为 ISO 8601 时间，如 2026-03-01T00:00:00Z" })
  .transform((s) => new Date(s));

const StatsQuery = z.object({
  from: instant.optional().openapi({ description: "Default: 30 days before `to`" }),
  to: instant.optional().openapi({ description: "Default: now" }),
  drill: z
    .enum(["true", "false"], "须为 true 或 false")
    .transform((v) => v === "true")
    .optional()
    .openapi({ description: "Metrics of drills instead of real cases" }),
  region: regionCode
    .optional()
    .openapi({ description: "Only cases and reports in this region or places inside it" }),
});

const Duration = z.object({
  count: z.number().int(),
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});
const Timings = z.object({
  cases: z.number().int(),
  toTriage: Duration,
  toFirstDraft: Duration,
  toPublication: Duration,
});

const Stats = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    drill: z.boolean(),
    region: z.string().nullable(),
    overall: Timings,
    byUrgency: z.array(Timings.extend({ urgency: z.number().int().nullable() })),
    byCategory: z.array(Timings.extend({ category: z.string().nullable() })),
    deadlines: z.object({
      met: z.number().int(),
      missed: z.number().int(),
      pending: z.number().int(),
      complianceRate: z.number().nullable(),
    }),
    reports: z.object({
      total: z.number().int(),
      matched: z.number().int(),
      attached: z.number().int(),
      opened: z.number().int(),
      matchedRate: z.number().nullable(),
    }),
  })
  .openapi("ResponseStats");

export const getStatsRoute = createRoute({
  operationId: "getStats",
  method: "get",
  path: "/api/v1/stats",
  tags: ["cases"],
  summary: "Response metrics: time to triage, first draft and publication; deadline compliance",
  description:
    "Cases count in the period of their first report (or opening). Minutes are medians and " +
    "90th percentiles; `reports.matchedRate` is the share of reports the library answered at once.",
  ...access({ roles: ["coordinator", "admin"] }),
  request: { query: StatsQuery },
  responses: {
    200: json(Stats, "Metrics"),
    ...problems(400, 401, 403),
  },
});

/** `getStats`: how fast Chorus answers. */
export function registerGetStats(app: App): void {
  app.openapi(getStatsRoute, async (c) =>
    c.json(await getStats(serviceCtx(c), c.req.valid("query")), 200),
  );
}

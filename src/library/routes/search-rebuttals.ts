import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { searchRebuttals } from "../search-rebuttals.ts";
import { problems, SearchResult, Verdict } from "./schemas.ts";

const Query = z.object({
  q: z.string().max(10_000, "搜索内容不能超过 10000 字").optional().default(""),
  category: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, "须为分类标识")
    .optional(),
  verdict: Verdict.optional(),
  region: z
    .string()
    .regex(/^\d{6}$/, "须为 6 位行政区划代码")
    .optional(),
  limit: z.coerce.number().int("须为整数").min(1).max(50, "每页最多 50 条").optional().default(10),
  offset: z.coerce
    .number()
    .int("须为整数")
    .min(0)
    .max(1000, "最多翻到第 1000 条")
    .optional()
    .default(0),
});

export const searchRebuttalsRoute = createRoute({
  operationId: "searchRebuttals",
  method: "get",
  path: "/api/v1/rebuttals",
  tags: ["library"],
  summary: "Search the rumour-rebuttal library",
  description:
    "Finds rebuttals for a short question, a typo, Traditional characters or a whole pasted " +
    "message. An empty query lists the latest. When Meilisearch is unavailable, Postgres answers " +
    "with `degraded: true` and the header `x-chorus-search-degraded: 1`.",
  ...access(
    { public: true },
    rateLimit({
      name: "searchRebuttals",
      limit: 600,
      windowMs: 60_000,
      key: (c) => requestMeta(c).ip,
    }),
  ),
  request: { query: Query },
  responses: {
    200: {
      description: "Matching rebuttals, best first",
      content: { "application/json": { schema: SearchResult } },
    },
    ...problems(400, 429),
  },
});

/** `searchRebuttals`: public library search. */
export function registerSearchRebuttals(app: App): void {
  app.openapi(searchRebuttalsRoute, async (c) => {
    const answer = await searchRebuttals(c.get("deps"), c.req.valid("query"));
    if (answer.degraded) c.header("x-chorus-search-degraded", "1");
    c.header("cache-control", "public, max-age=5");
    return c.json(answer as z.infer<typeof SearchResult>, 200);
  });
}

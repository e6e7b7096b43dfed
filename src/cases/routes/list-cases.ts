import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { listCases } from "../list-cases.ts";
import { categorySlug, regionCode, urgencyQuery } from "../schemas.ts";
import { CaseStatus, CaseSummary, json, problems } from "./schemas.ts";

const flag = z.enum(["true", "false"], "须为 true 或 false").transform((v) => v === "true");

const ListQuery = z.object({
  status: z
    .union([CaseStatus, z.enum(["open", "all"])], "未知的状态")
    .optional()
    .openapi({ description: "A state, `open` (default: new to in_review) or `all`" }),
  urgency: urgencyQuery.optional(),
  category: categorySlug.optional(),
  region: regionCode.optional().openapi({ description: "Includes the regions below it" }),
  assignee: z.union([z.uuid(), z.literal("me")], "须为用户 ID 或 me").optional(),
  escalated: flag.optional(),
  drill: flag.optional(),
  sort: z
    .enum(["due", "priority", "newest"], "排序须为 due / priority / newest")
    .default("due")
    .openapi({ description: "`due` (default): soonest due first, then highest priority" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const CaseList = z
  .object({ items: z.array(CaseSummary), total: z.number().int() })
  .openapi("CaseList");

export const listCasesRoute = createRoute({
  operationId: "listCases",
  method: "get",
  path: "/api/v1/cases",
  tags: ["cases"],
  summary: "The case queue, soonest deadline first",
  description:
    "Coordinators and admins see every case; experts the cases they are assigned to; reviewers " +
    "cases in review or published. Each case carries its priority with the reasons for it.",
  ...access({ roles: ["coordinator", "admin", "expert", "reviewer"] }),
  request: { query: ListQuery },
  responses: {
    200: json(CaseList, "Cases"),
    ...problems(400, 401, 403),
  },
});

/** `listCases`: filters and sorts the cases the caller may see. */
export function registerListCases(app: App): void {
  app.openapi(listCasesRoute, async (c) => {
    const result = await listCases(serviceCtx(c), c.req.valid("query"));
    return c.json(result, 200);
  });
}

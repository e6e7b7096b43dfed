import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { openCaseFromSearchMiss } from "../open-case-from-search-miss.ts";
import { plainText } from "../schemas.ts";
import { CaseSummary, json, problems } from "./schemas.ts";

const FromMissInput = z
  .object({
    queryNorm: plainText(500, "搜索").openapi({
      description: "The `queryNorm` of a row from listSearchMisses",
    }),
  })
  .strict()
  .openapi("CaseFromSearchMissInput");

export const openCaseFromSearchMissRoute = createRoute({
  operationId: "openCaseFromSearchMiss",
  method: "post",
  path: "/api/v1/cases/from-search-miss",
  tags: ["cases"],
  summary: "Open a case for a public search that found nothing",
  ...access({ roles: ["coordinator"] }),
  request: {
    body: { required: true, content: { "application/json": { schema: FromMissInput } } },
  },
  responses: {
    201: json(CaseSummary, "Case opened"),
    ...problems(400, 401, 403, 404, 409),
  },
});

/** `openCaseFromSearchMiss`: a search miss becomes a case with origin `search_miss`. */
export function registerOpenCaseFromSearchMiss(app: App): void {
  app.openapi(openCaseFromSearchMissRoute, async (c) => {
    const result = await openCaseFromSearchMiss(staffCtx(c), c.req.valid("json"));
    return c.json(result, 201);
  });
}

import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { mergeCase } from "../merge-case.ts";
import { uuid } from "../schemas.ts";
import { CaseIdParam, CaseSummary, json, problems } from "./schemas.ts";

const MergeInput = z.object({ intoCaseId: uuid }).strict().openapi("MergeCaseInput");

const MergeResult = z
  .object({ into: CaseSummary, reportsMoved: z.number().int() })
  .openapi("MergeCaseResult");

export const mergeCaseRoute = createRoute({
  operationId: "mergeCase",
  method: "post",
  path: "/api/v1/cases/{id}/merge",
  tags: ["cases"],
  summary: "Merge a duplicate case into another; its reports move over",
  ...access({ roles: ["coordinator"] }),
  request: {
    params: CaseIdParam,
    body: { required: true, content: { "application/json": { schema: MergeInput } } },
  },
  responses: {
    200: json(MergeResult, "Merged"),
    ...problems(400, 401, 403, 404, 409),
  },
});

/** `mergeCase`: closes the case as a duplicate of `intoCaseId`. */
export function registerMergeCase(app: App): void {
  app.openapi(mergeCaseRoute, async (c) => {
    const result = await mergeCase(staffCtx(c), {
      ...c.req.valid("json"),
      id: c.req.valid("param").id,
    });
    return c.json(result, 200);
  });
}

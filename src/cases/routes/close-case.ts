import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { closeCase } from "../close-case.ts";
import { closeReasons, plainText } from "../schemas.ts";
import { CaseIdParam, CaseSummary, json, problems } from "./schemas.ts";

const CloseInput = z
  .object({
    reason: z.enum(closeReasons, "原因须为 rejected / out_of_scope / answered").openapi({
      description: "rejected 不是谣言或不予处理 · out_of_scope 不属本平台 · answered 已有答复",
    }),
    note: plainText(2000, "说明").optional(),
  })
  .strict()
  .openapi("CloseCaseInput");

export const closeCaseRoute = createRoute({
  operationId: "closeCase",
  method: "post",
  path: "/api/v1/cases/{id}/close",
  tags: ["cases"],
  summary: "Close a case with a reason (duplicates are merged instead)",
  ...access({ roles: ["coordinator"] }),
  request: {
    params: CaseIdParam,
    body: { required: true, content: { "application/json": { schema: CloseInput } } },
  },
  responses: {
    200: json(CaseSummary, "Closed"),
    ...problems(400, 401, 403, 404, 409),
  },
});

/** `closeCase`: any open or published case → closed, with a reason. */
export function registerCloseCase(app: App): void {
  app.openapi(closeCaseRoute, async (c) => {
    const result = await closeCase(staffCtx(c), {
      ...c.req.valid("json"),
      id: c.req.valid("param").id,
    });
    return c.json(result, 200);
  });
}

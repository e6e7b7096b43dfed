import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { createCase } from "../create-case.ts";
import { categorySlug, plainText, regionCode, requiredText, urgencyLevel } from "../schemas.ts";
import { CaseSummary, json, problems } from "./schemas.ts";

export const CaseInput = z
  .object({
    title: requiredText(200, "标题").openapi({ example: "台风“摩羯”来临前的防御科普" }),
    description: plainText(5000, "说明").optional(),
    category: categorySlug.optional(),
    urgency: urgencyLevel.optional(),
    region: regionCode.optional(),
    drill: z.boolean().optional().openapi({
      description: "An exercise: labelled as a drill everywhere, never in the public library",
    }),
  })
  .strict()
  .openapi("CaseInput");

export const createCaseRoute = createRoute({
  operationId: "createCase",
  method: "post",
  path: "/api/v1/cases",
  tags: ["cases"],
  summary: "Open a case proactively (主动发声) or as a drill",
  ...access({ roles: ["coordinator"] }),
  request: { body: { required: true, content: { "application/json": { schema: CaseInput } } } },
  responses: {
    201: json(CaseSummary, "Case opened"),
    ...problems(400, 401, 403),
  },
});

/** `createCase`: a coordinator opens a case before any report arrives. */
export function registerCreateCase(app: App): void {
  app.openapi(createCaseRoute, async (c) => {
    const result = await createCase(staffCtx(c), c.req.valid("json"));
    return c.json(result, 201);
  });
}

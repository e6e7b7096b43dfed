import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { categorySlug } from "../schemas.ts";
import { suggestExperts } from "../suggest-experts.ts";
import { CaseIdParam, json, problems } from "./schemas.ts";

const SuggestQuery = z.object({
  category: categorySlug.optional().openapi({ description: "Defaults to the case's category" }),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

const Suggestions = z
  .object({
    category: z.string().nullable(),
    experts: z.array(
      z.object({
        userId: z.string(),
        name: z.string(),
        organisationId: z.string(),
        organisationName: z.string(),
        organisationKind: z.string(),
        expertise: z.array(z.string()),
        matchesCategory: z.boolean(),
        openAssignments: z.number().int(),
      }),
    ),
  })
  .openapi("ExpertSuggestions");

export const suggestExpertsRoute = createRoute({
  operationId: "suggestExperts",
  method: "get",
  path: "/api/v1/cases/{id}/expert-suggestions",
  tags: ["cases"],
  summary: "Experts for a case by expertise, then by current load, across organisations",
  ...access({ roles: ["coordinator"] }),
  request: { params: CaseIdParam, query: SuggestQuery },
  responses: {
    200: json(Suggestions, "Suggested experts, best first"),
    ...problems(400, 401, 403, 404),
  },
});

/** `suggestExperts`: whom to assign. */
export function registerSuggestExperts(app: App): void {
  app.openapi(suggestExpertsRoute, async (c) => {
    const input = { ...c.req.valid("query"), id: c.req.valid("param").id };
    return c.json(await suggestExperts(serviceCtx(c), input), 200);
  });
}

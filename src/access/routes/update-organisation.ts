import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { updateOrganisation } from "../organisations.ts";
import { IdParam, json, Organisation, OrganisationBody, problems } from "./schemas.ts";

export const updateOrganisationRoute = createRoute({
  operationId: "updateOrganisation",
  method: "patch",
  path: "/api/v1/organisations/{id}",
  tags: ["access"],
  summary: "Change an organisation's name, slug, kind or region (admins)",
  ...access({ roles: ["admin"] }),
  request: {
    params: IdParam,
    body: {
      required: true,
      content: { "application/json": { schema: OrganisationBody.partial().strict() } },
    },
  },
  responses: { 200: json(Organisation, "Updated"), ...problems(400, 401, 403, 404, 409) },
});

/** `updateOrganisation`. */
export function registerUpdateOrganisation(app: App): void {
  app.openapi(updateOrganisationRoute, async (c) => {
    const input = { ...c.req.valid("json"), id: c.req.valid("param").id };
    return c.json(await updateOrganisation(staffCtx(c), input), 200);
  });
}

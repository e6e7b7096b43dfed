import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { UserActor } from "../../auth/actor.ts";
import type { App } from "../../http/env.ts";
import { requestMeta } from "../../http/request-meta.ts";
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
    const { id } = c.req.valid("param");
    const actor = c.get("actor") as UserActor;
    const body = c.req.valid("json");
    return c.json(await updateOrganisation(c.get("deps"), actor, id, body, requestMeta(c)), 200);
  });
}

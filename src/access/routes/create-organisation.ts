import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { staffCtx } from "../../http/service-ctx.ts";
import { createOrganisation } from "../organisations.ts";
import { json, Organisation, OrganisationBody, problems } from "./schemas.ts";

export const createOrganisationRoute = createRoute({
  operationId: "createOrganisation",
  method: "post",
  path: "/api/v1/organisations",
  tags: ["access"],
  summary: "Add an organisation (admins)",
  ...access({ roles: ["admin"] }),
  request: {
    body: { required: true, content: { "application/json": { schema: OrganisationBody } } },
  },
  responses: { 201: json(Organisation, "Created"), ...problems(400, 401, 403, 409) },
});

/** `createOrganisation`. */
export function registerCreateOrganisation(app: App): void {
  app.openapi(createOrganisationRoute, async (c) => {
    const created = await createOrganisation(staffCtx(c), c.req.valid("json"));
    return c.json(created, 201);
  });
}

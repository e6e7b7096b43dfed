import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { UserActor } from "../../auth/actor.ts";
import type { App } from "../../http/env.ts";
import { requestMeta } from "../../http/request-meta.ts";
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
    const actor = c.get("actor") as UserActor;
    const created = await createOrganisation(
      c.get("deps"),
      actor,
      c.req.valid("json"),
      requestMeta(c),
    );
    return c.json(created, 201);
  });
}

import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { listOrganisations } from "../organisations.ts";
import { json, Organisation, OrganisationKindEnum, problems, RegionCode } from "./schemas.ts";

export const listOrganisationsRoute = createRoute({
  operationId: "listOrganisations",
  method: "get",
  path: "/api/v1/organisations",
  tags: ["access"],
  summary: "Organisations taking part (any signed-in person: co-signers are chosen from them)",
  ...access({ signedIn: true }),
  request: {
    query: z.object({ kind: OrganisationKindEnum.optional(), regionCode: RegionCode.optional() }),
  },
  responses: {
    200: json(z.object({ items: z.array(Organisation) }), "Organisations"),
    ...problems(400, 401, 403),
  },
});

/** `listOrganisations`. */
export function registerListOrganisations(app: App): void {
  app.openapi(listOrganisationsRoute, async (c) =>
    c.json(await listOrganisations(serviceCtx(c), c.req.valid("query")), 200),
  );
}

import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { listRevisions } from "../read-revisions.ts";
import { IdParam, json, problems, Revision } from "./schemas.ts";

export const listRevisionsRoute = createRoute({
  operationId: "listRevisions",
  method: "get",
  path: "/api/v1/cases/{id}/revisions",
  tags: ["review"],
  summary: "Every revision of a case, oldest first",
  ...access({ roles: ["admin", "coordinator", "expert", "reviewer"] }),
  request: { params: IdParam },
  responses: {
    200: json(z.object({ items: z.array(Revision) }), "The revisions"),
    ...problems(400, 401, 403, 404),
  },
});

/** `listRevisions`. */
export function registerListRevisions(app: App): void {
  app.openapi(listRevisionsRoute, async (c) => {
    return c.json(await listRevisions(serviceCtx(c), { caseId: c.req.valid("param").id }), 200);
  });
}

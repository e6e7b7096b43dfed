import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { getRevision } from "../read-revisions.ts";
import { IdParam, json, problems, RevisionDetail } from "./schemas.ts";

export const getRevisionRoute = createRoute({
  operationId: "getRevision",
  method: "get",
  path: "/api/v1/revisions/{id}",
  tags: ["review"],
  summary: "A revision with its review rounds and every decision with its comment",
  ...access({ roles: ["admin", "coordinator", "expert", "reviewer"] }),
  request: { params: IdParam },
  responses: {
    200: json(RevisionDetail, "The revision"),
    ...problems(400, 401, 403, 404),
  },
});

/** `getRevision`. */
export function registerGetRevision(app: App): void {
  app.openapi(getRevisionRoute, async (c) => {
    return c.json(await getRevision(serviceCtx(c), c.req.valid("param")), 200);
  });
}

import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { diffRevisions } from "../diff-revisions.ts";
import { IdParam, json, problems } from "./schemas.ts";

const RevisionDiff = z
  .object({
    from: z.object({ id: z.string(), number: z.number().int() }),
    to: z.object({ id: z.string(), number: z.number().int() }),
    changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
    body: z.array(
      z.object({
        op: z.enum(["added", "removed", "same"]),
        value: z.string(),
        lines: z.number().int(),
      }),
    ),
  })
  .openapi("RevisionDiff");

export const diffRevisionsRoute = createRoute({
  operationId: "diffRevisions",
  method: "get",
  path: "/api/v1/revisions/{id}/diff",
  tags: ["review"],
  summary: "What changed from another revision of the same case to this one",
  description: "Changed fields with both values, and a line diff of the Markdown body.",
  ...access({ roles: ["admin", "coordinator", "expert", "reviewer"] }),
  request: {
    params: IdParam,
    query: z.object({ from: z.uuid("须为稿件 ID").openapi({ description: "The older revision" }) }),
  },
  responses: {
    200: json(RevisionDiff, "The differences"),
    ...problems(400, 401, 403, 404),
  },
});

/** `diffRevisions`. */
export function registerDiffRevisions(app: App): void {
  app.openapi(diffRevisionsRoute, async (c) => {
    const input = { fromId: c.req.valid("query").from, toId: c.req.valid("param").id };
    return c.json(await diffRevisions(serviceCtx(c), input), 200);
  });
}

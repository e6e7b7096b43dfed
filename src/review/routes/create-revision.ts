import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { verdictsNeedingSources } from "../../vocabulary/verdicts.ts";
import { createRevision } from "../create-revision.ts";
import { revisionInput } from "../inputs.ts";
import { IdParam, json, problems, Revision } from "./schemas.ts";

export const createRevisionRoute = createRoute({
  operationId: "createRevision",
  method: "post",
  path: "/api/v1/cases/{id}/revisions",
  tags: ["review"],
  summary: "Write a new revision of a case's message (immutable)",
  description:
    "Only the case's lead expert and contributors. `baseRevisionId` must name the case's newest " +
    "revision (omit it for the first); otherwise 409 `stale_revision` with `currentRevision`. " +
    "Claim and verdict are required for kind `rebuttal`; verdict " +
    verdictsNeedingSources.map((v) => `\`${v}\``).join("/") +
    " needs a source. The body is Markdown, rendered to sanitised HTML; script, embedded HTML and " +
    "`javascript:` links are refused. A new revision supersedes any open review round.",
  ...access({ roles: ["expert"] }),
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: revisionInput } } },
  },
  responses: {
    201: json(Revision, "The new revision"),
    ...problems(400, 401, 403, 404, 409),
  },
});

/** `createRevision`. */
export function registerCreateRevision(app: App): void {
  app.openapi(createRevisionRoute, async (c) => {
    const input = { ...c.req.valid("json"), caseId: c.req.valid("param").id };
    const revision = await createRevision(serviceCtx(c), input);
    return c.json(revision, 201);
  });
}

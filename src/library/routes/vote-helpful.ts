import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { json, problems } from "../../http/openapi-schemas.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { voteHelpful } from "../vote-helpful.ts";

/** Votes one address may send per window (on any rebuttals) before 429. */
export const VOTE_LIMIT = { limit: 30, windowMs: 10 * 60_000 };

export const voteHelpfulRoute = createRoute({
  operationId: "voteHelpful",
  method: "post",
  path: "/api/v1/rebuttals/{id}/helpful",
  tags: ["library"],
  summary: "“这条解答有帮助吗？” yes / no (public, once per visitor per day)",
  ...access(
    { public: true },
    rateLimit({ name: "voteHelpful", ...VOTE_LIMIT, key: (c) => requestMeta(c).ip }),
  ),
  request: {
    params: z.object({
      id: z.uuid("须为有效的 ID").openapi({ param: { name: "id", in: "path" } }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({ helpful: z.boolean("请选择有帮助或没帮助") })
            .strict()
            .openapi("HelpfulVote"),
        },
      },
    },
  },
  responses: {
    201: json(z.object({ helpful: z.number().int(), notHelpful: z.number().int() }), "Counted"),
    ...problems(400, 404, 409, 429),
  },
});

/** `voteHelpful`. */
export function registerVoteHelpful(app: App): void {
  app.openapi(voteHelpfulRoute, async (c) =>
    c.json(
      await voteHelpful(serviceCtx(c), {
        id: c.req.valid("param").id,
        helpful: c.req.valid("json").helpful,
      }),
      201,
    ),
  );
}

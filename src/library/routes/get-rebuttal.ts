import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { getRebuttal, rebuttalJson } from "../get-rebuttal.ts";
import { problems, Rebuttal } from "./schemas.ts";

const Params = z.object({
  id: z
    .string()
    .min(1)
    .max(200, "标识过长")
    .openapi({ param: { name: "id", in: "path" }, description: "The rebuttal's id or slug" }),
});

export const getRebuttalRoute = createRoute({
  operationId: "getRebuttal",
  method: "get",
  path: "/api/v1/rebuttals/{id}",
  tags: ["library"],
  summary: "One published rebuttal with sources, co-signers and update history",
  description:
    "By id or slug. Retracted rebuttals are returned with `status: retracted` and the reason.",
  ...access(
    { public: true },
    rateLimit({ name: "getRebuttal", limit: 600, windowMs: 60_000, key: (c) => requestMeta(c).ip }),
  ),
  request: { params: Params },
  responses: {
    200: { description: "The rebuttal", content: { "application/json": { schema: Rebuttal } } },
    ...problems(400, 404, 429),
  },
});

/** `getRebuttal`: a public rebuttal by id or slug. */
export function registerGetRebuttal(app: App): void {
  app.openapi(getRebuttalRoute, async (c) => {
    const rebuttal = await getRebuttal(c.get("deps"), c.req.valid("param").id);
    return c.json(rebuttalJson(rebuttal) as z.infer<typeof Rebuttal>, 200);
  });
}

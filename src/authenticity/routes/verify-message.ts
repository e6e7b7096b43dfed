import { createRoute, type z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { VerifyInput } from "../verify-input.ts";
import { verifyMessage } from "../verify-message.ts";
import { problems, VerifyResult } from "./schemas.ts";

/** One budget for the API and the 核验 page: both run the same comparison. */
export const verifyLimit = rateLimit({
  name: "verifyMessage",
  limit: 120,
  windowMs: 60_000,
  key: (c) => requestMeta(c).ip,
});

export const verifyMessageRoute = createRoute({
  operationId: "verifyMessage",
  method: "post",
  path: "/api/v1/verify",
  tags: ["authenticity"],
  summary: "Check whether a notice is a genuine Chorus message (核验信息真伪)",
  description:
    "Give exactly one of `text` (a notice as received), `code` (its verification code) or " +
    "`signature` + `payload` (a signed message). `verdict`: `genuine` (current), `updated` " +
    "(a newer version exists: see `current`), `retracted`, `altered` (resembles a genuine " +
    "message: see `differences`), `unknown` (not issued by Chorus: see `closest`). A forgery " +
    "or an unknown code is a verdict, never an error.",
  ...access({ public: true }, verifyLimit),
  request: {
    body: { required: true, content: { "application/json": { schema: VerifyInput } } },
  },
  responses: {
    200: { description: "The verdict", content: { "application/json": { schema: VerifyResult } } },
    ...problems(400, 413, 429),
  },
});

/** `verifyMessage`: the public verification of a notice. */
export function registerVerifyMessage(app: App): void {
  app.openapi(verifyMessageRoute, async (c) => {
    const result = await verifyMessage({ deps: c.get("deps") }, c.req.valid("json"));
    c.header("cache-control", "no-store");
    return c.json(result as z.infer<typeof VerifyResult>, 200);
  });
}

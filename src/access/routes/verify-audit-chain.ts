import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { checkAuditChain } from "../audit.ts";
import { json, problems } from "./schemas.ts";

const Verdict = z
  .object({
    ok: z.boolean(),
    checked: z.number(),
    lastId: z.number().nullable().optional(),
    lastHash: z.string().optional(),
    broken: z
      .object({
        id: z.number(),
        reason: z.enum(["edited", "previous_missing_or_reordered"]),
        detail: z.string(),
      })
      .optional(),
  })
  .openapi("AuditVerdict");

export const verifyAuditChainRoute = createRoute({
  operationId: "verifyAuditChain",
  method: "get",
  path: "/api/v1/audit/verify",
  tags: ["access"],
  summary: "Recompute the audit hash chain and name the first broken entry (admins)",
  ...access({ roles: ["admin"] }),
  responses: { 200: json(Verdict, "The verdict"), ...problems(401, 403) },
});

/** `verifyAuditChain`. */
export function registerVerifyAuditChain(app: App): void {
  app.openapi(verifyAuditChainRoute, async (c) =>
    c.json(await checkAuditChain(serviceCtx(c)), 200),
  );
}

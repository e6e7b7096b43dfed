import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { listAuditEntries } from "../audit.ts";
import { json, problems, Uuid } from "./schemas.ts";

const Query = z.object({
  actorId: Uuid.optional(),
  actorType: z.enum(["user", "token", "public", "system"]).optional(),
  action: z
    .string()
    .regex(/^[a-z_.]+$/, "形如 case.triaged，或以 . 结尾按前缀筛选")
    .max(100)
    .optional(),
  objectType: z.string().max(50).optional(),
  objectId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  beforeId: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const Entry = z
  .object({
    id: z.number(),
    occurredAt: z.string(),
    actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
    action: z.string(),
    object: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .openapi("AuditEntry");

export const listAuditEntriesRoute = createRoute({
  operationId: "listAuditEntries",
  method: "get",
  path: "/api/v1/audit",
  tags: ["access"],
  summary: "Read and filter the audit trail, newest first (admins)",
  ...access({ roles: ["admin"] }),
  request: { query: Query },
  responses: {
    200: json(z.object({ items: z.array(Entry), nextBeforeId: z.number().nullable() }), "Entries"),
    ...problems(400, 401, 403),
  },
});

/** `listAuditEntries`. */
export function registerListAuditEntries(app: App): void {
  app.openapi(listAuditEntriesRoute, async (c) => {
    const { from, to, ...q } = c.req.valid("query");
    const filters = {
      ...q,
      from: from ? new Date(from) : undefined,
      to: to ? new Date(to) : undefined,
    };
    return c.json(await listAuditEntries(serviceCtx(c), filters), 200);
  });
}

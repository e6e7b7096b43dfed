import { verifyAuditChain } from "../audit/verify.ts";
import type { ServiceCtx } from "../context.ts";
import { type AuditFilters, type AuditRow, findAuditEntries } from "./db/audit.ts";

/** An audit entry as the API shows it. */
export function presentAuditEntry(r: AuditRow) {
  return {
    id: r.id,
    occurredAt: r.occurredAt.toISOString(),
    actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
    action: r.action,
    object: r.objectType ? { type: r.objectType, id: r.objectId } : null,
    ip: r.ip,
    requestId: r.requestId,
    data: r.data as Record<string, unknown>,
    hash: r.hash,
  };
}

/** The trail, newest first, filtered; `nextBeforeId` continues the listing. */
export async function listAuditEntries({ deps }: ServiceCtx, filters: AuditFilters) {
  const rows = await findAuditEntries(deps.sql, filters);
  const last = rows.at(-1);
  return {
    items: rows.map(presentAuditEntry),
    nextBeforeId: rows.length === filters.limit && last ? last.id : null,
  };
}

/** Checks the chain now (admins); the same check as `npm run audit:verify`. */
export async function checkAuditChain({ deps }: ServiceCtx) {
  return verifyAuditChain(deps.sql);
}

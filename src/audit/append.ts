import { insertAuditEntries, lastAuditHash, lockAuditChain } from "../access/db/audit.ts";
import type { Actor, RequestMeta } from "../auth/actor.ts";
import type { Sql } from "../db/client.ts";
import { appendAuditCall, appendAuditEntry } from "./db/append.ts";
import { type AuditFields, canonicalJson, entryHash, GENESIS_HASH } from "./hash.ts";

export interface AuditInput {
  actor: Actor | { kind: "system"; label: string };
  action: string;
  object?: { type: string; id: string };
  meta?: Partial<RequestMeta>;
  data?: Record<string, unknown>;
}

function actorFields(actor: AuditInput["actor"]) {
  switch (actor.kind) {
    case "user":
      return { actorType: "user", actorId: actor.userId, actorLabel: actor.email };
    case "token":
      return { actorType: "token", actorId: actor.tokenId, actorLabel: actor.name };
    case "system":
      return { actorType: "system", actorId: null, actorLabel: actor.label };
    default:
      return { actorType: "public", actorId: null, actorLabel: "" };
  }
}

/**
 * Appends a hash-chained audit entry inside the caller's transaction, so the entry exists
 * exactly when the change it describes does. The chain's lock is held from this call to the
 * caller's commit: call it last in the transaction (ADR 0195).
 * @example await appendAudit(tx, { actor, action: "case.triaged", object: { type: "case", id } });
 */
export async function appendAudit(sql: Sql, input: AuditInput): Promise<number> {
  const fields = auditFields(input);
  return appendAuditEntry(sql, fields, canonicalJson(fields));
}

/**
 * `appendAudit` as an expression to embed in the one statement that also makes the change, run
 * as its own transaction: the chain's lock is then held only while Postgres runs it and commits,
 * never while the caller's process is busy with something else between two round trips.
 * @example await sql`with r as (insert … returning id) select ${auditCall(sql, input)} from r`;
 */
export function auditCall(sql: Sql, input: AuditInput) {
  const fields = auditFields(input);
  return appendAuditCall(sql, fields, canonicalJson(fields));
}

/**
 * Appends many chained entries in one statement inside the caller's transaction (a batch
 * import audits each item without a round trip per entry).
 * @example await appendAuditBatch(tx, ids.map((id) => ({ actor, action: "rebuttal.imported", object: { type: "rebuttal", id } })));
 */
export async function appendAuditBatch(sql: Sql, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await lockAuditChain(sql);
  let prevHash = (await lastAuditHash(sql)) ?? GENESIS_HASH;
  const entries = inputs.map((input) => {
    const fields = auditFields(input);
    const entry = { ...fields, prevHash, hash: entryHash(prevHash, fields) };
    prevHash = entry.hash;
    return entry;
  });
  await insertAuditEntries(sql, entries);
}

function auditFields(input: AuditInput): AuditFields {
  return {
    occurredAt: new Date().toISOString(),
    ...actorFields(input.actor),
    action: input.action,
    objectType: input.object?.type ?? null,
    objectId: input.object?.id ?? null,
    ip: input.meta?.ip ?? null,
    requestId: input.meta?.requestId ?? null,
    // Stored as jsonb; hashed in canonical form so the stored value re-hashes identically.
    data: JSON.parse(canonicalJson(input.data ?? {})),
  };
}

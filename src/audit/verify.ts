import { type AuditRow, auditBatchAfter } from "../access/db/audit.ts";
import type { Sql } from "../db/client.ts";
import { entryHash, GENESIS_HASH } from "./hash.ts";

export type AuditBreak = {
  /** The first entry whose place in the chain does not hold. */
  id: number;
  reason: "edited" | "previous_missing_or_reordered";
  detail: string;
};

export type AuditVerdict =
  | { ok: true; checked: number; lastId: number | null; lastHash: string }
  | { ok: false; checked: number; broken: AuditBreak };

/** Recomputes an entry's hash from its stored fields, as appendAudit computed it. */
export function recomputeHash(row: AuditRow): string {
  return entryHash(row.prevHash, {
    occurredAt: row.occurredAt.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    objectType: row.objectType,
    objectId: row.objectId,
    ip: row.ip,
    requestId: row.requestId,
    data: row.data,
  });
}

function check(
  row: AuditRow,
  expectedPrev: string,
  previousId: number | null,
): AuditBreak | undefined {
  if (row.prevHash !== expectedPrev) {
    const after = previousId ?? 0;
    return {
      id: row.id,
      reason: "previous_missing_or_reordered",
      detail:
        row.id !== after + 1
          ? `entries ${after + 1}–${row.id - 1} are missing (deleted)`
          : `prev_hash does not match entry ${previousId ?? "(genesis)"}: deleted, reordered or replaced`,
    };
  }
  if (recomputeHash(row) !== row.hash) {
    return {
      id: row.id,
      reason: "edited",
      detail: "stored fields no longer match the entry's hash",
    };
  }
  return undefined;
}

/**
 * Walks the whole audit chain in order, recomputing every hash, and names the first entry
 * where it breaks: an edited row fails its own hash; a deleted or reordered row breaks the
 * next entry's link. (Removing entries from the very end leaves a valid, shorter chain: compare
 * `lastId`/`lastHash` with a copy kept elsewhere to catch that.)
 * @example const verdict = await verifyAuditChain(deps.sql);
 */
export async function verifyAuditChain(sql: Sql, batchSize = 1000): Promise<AuditVerdict> {
  let expectedPrev = GENESIS_HASH;
  let previousId: number | null = null;
  let checked = 0;
  for (;;) {
    const rows = await auditBatchAfter(sql, previousId ?? 0, batchSize);
    for (const row of rows) {
      const broken = check(row, expectedPrev, previousId);
      if (broken) return { ok: false, checked, broken };
      expectedPrev = row.hash;
      previousId = row.id;
      checked += 1;
    }
    if (rows.length < batchSize)
      return { ok: true, checked, lastId: previousId, lastHash: expectedPrev };
  }
}

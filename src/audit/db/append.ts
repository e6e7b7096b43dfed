import type { Sql } from "../../db/client.ts";
import type { AuditFields } from "../hash.ts";

/**
 * One chained entry in one round trip (migration 0195): Postgres takes the chain lock, reads the
 * last hash and stores the entry with sha256(prev_hash + "\n" + canonical), `canonical` being
 * `canonicalJson(fields)`, the same hash `entryHash` computes.
 */
export async function appendAuditEntry(
  sql: Sql,
  e: AuditFields,
  canonical: string,
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`select ${appendAuditCall(sql, e, canonical)} as id`;
  return row!.id;
}

/** The `chorus_append_audit` call of one entry, for a statement that makes its change too. */
export const appendAuditCall = (sql: Sql, e: AuditFields, canonical: string) => sql`
  chorus_append_audit(${e.occurredAt}, ${e.actorType}, ${e.actorId}, ${e.actorLabel},
    ${e.action}, ${e.objectType}, ${e.objectId}, ${e.ip}, ${e.requestId},
    ${sql.json(e.data as never)}, ${canonical})`;

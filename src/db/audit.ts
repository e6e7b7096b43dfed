import type { Sql } from "./client.ts";

const AUDIT_LOCK = 7_204_2021;

/** Serialises appends so that each entry chains to the one before it. */
export async function lockAuditChain(sql: Sql) {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`;
}

export async function lastAuditHash(sql: Sql): Promise<string | undefined> {
  const [row] = await sql`select hash from audit_log order by id desc limit 1`;
  return row?.hash as string | undefined;
}

export async function insertAuditEntry(
  sql: Sql,
  e: {
    occurredAt: string;
    actorType: string;
    actorId: string | null;
    actorLabel: string;
    action: string;
    objectType: string | null;
    objectId: string | null;
    ip: string | null;
    requestId: string | null;
    data: unknown;
    prevHash: string;
    hash: string;
  },
) {
  const [row] = await sql`
    insert into audit_log (occurred_at, actor_type, actor_id, actor_label, action, object_type,
                           object_id, ip, request_id, data, prev_hash, hash)
    values (${e.occurredAt}, ${e.actorType}, ${e.actorId}, ${e.actorLabel}, ${e.action},
            ${e.objectType}, ${e.objectId}, ${e.ip}, ${e.requestId}, ${sql.json(e.data as never)},
            ${e.prevHash}, ${e.hash})
    returning id`;
  return row!.id as number;
}

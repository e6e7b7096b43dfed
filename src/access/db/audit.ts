import type { AuditFields } from "../../audit/hash.ts";
import type { Sql } from "../../db/client.ts";

const AUDIT_LOCK = 7_204_2021;

/** Serialises appends so that each entry chains to the one before it. */
export async function lockAuditChain(sql: Sql) {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`;
}

export async function lastAuditHash(sql: Sql): Promise<string | undefined> {
  const [row] = await sql`select hash from audit_log order by id desc limit 1`;
  return row?.hash as string | undefined;
}

/** A stored entry: the hashed fields, with the time as a Date, and its place in the chain. */
export interface AuditRow extends Omit<AuditFields, "occurredAt"> {
  id: number;
  occurredAt: Date;
  prevHash: string;
  hash: string;
}

const auditColumns = (sql: Sql) => sql`
  id, occurred_at, actor_type, actor_id, actor_label, action, object_type, object_id, ip,
  request_id, data, prev_hash, hash`;

/** The next batch of the chain after an id, in chain order. */
export async function auditBatchAfter(sql: Sql, afterId: number, limit: number) {
  return sql<AuditRow[]>`
    select ${auditColumns(sql)} from audit_log where id > ${afterId} order by id limit ${limit}`;
}

export interface AuditFilters {
  actorId?: string;
  actorType?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
}

/** Entries matching the filters, newest first; `action` ending in `.` matches a prefix. */
export async function findAuditEntries(sql: Sql, f: AuditFilters) {
  const n = <T>(v: T | undefined) => v ?? null;
  const action = f.action?.endsWith(".") ? null : n(f.action);
  const prefix = f.action?.endsWith(".") ? f.action : null;
  return sql<AuditRow[]>`
    select ${auditColumns(sql)} from audit_log
    where (${n(f.actorId)}::uuid is null or actor_id = ${n(f.actorId)})
      and (${n(f.actorType)}::text is null or actor_type = ${n(f.actorType)})
      and (${action}::text is null or action = ${action})
      and (${prefix}::text is null or starts_with(action, ${prefix}))
      and (${n(f.objectType)}::text is null or object_type = ${n(f.objectType)})
      and (${n(f.objectId)}::text is null or object_id = ${n(f.objectId)})
      and (${n(f.from)}::timestamptz is null or occurred_at >= ${n(f.from)})
      and (${n(f.to)}::timestamptz is null or occurred_at < ${n(f.to)})
      and (${n(f.beforeId)}::bigint is null or id < ${n(f.beforeId)})
    order by id desc limit ${f.limit}`;
}

/** Inserts chained entries in one statement, in order (their hashes already computed). */
export async function insertAuditEntries(
  sql: Sql,
  entries: (AuditFields & { prevHash: string; hash: string })[],
): Promise<void> {
  if (entries.length === 0) return;
  const json = entries.map((e) => ({
    occurred_at: e.occurredAt,
    actor_type: e.actorType,
    actor_id: e.actorId,
    actor_label: e.actorLabel,
    action: e.action,
    object_type: e.objectType,
    object_id: e.objectId,
    ip: e.ip,
    request_id: e.requestId,
    data: e.data,
    prev_hash: e.prevHash,
    hash: e.hash,
  }));
  await sql`
    insert into audit_log (occurred_at, actor_type, actor_id, actor_label, action, object_type,
                           object_id, ip, request_id, data, prev_hash, hash)
    select occurred_at, actor_type, actor_id, actor_label, action, object_type, object_id, ip,
      request_id, data, prev_hash, hash
    from jsonb_array_elements(${sql.json(json as never)}::jsonb) with ordinality as t(e, n),
      jsonb_to_record(t.e) as x(occurred_at timestamptz, actor_type text, actor_id uuid,
        actor_label text, action text, object_type text, object_id text, ip text,
        request_id text, data jsonb, prev_hash text, hash text)
    order by n`;
}

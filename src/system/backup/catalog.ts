import type { Sql } from "../../db/client.ts";

/** One table of the backup: its name and the columns COPY reads and writes (stored ones only). */
export interface TableSpec {
  name: string;
  columns: string[];
}

/** A sequence's position (identity columns and serials alike), so numbering goes on after a restore. */
export interface SequenceSpec {
  name: string;
  lastValue: number | null;
}

/** Tables the migrations and content/ fill by themselves: a database with only these is empty. */
const REFERENCE_TABLES = new Set(["regions", "categories", "counters"]);

/** The migration ledger: a restore writes it by migrating, never by copying it. */
const LEDGER = "chorus_migrations";

/**
 * Every Chorus table (schema public) with its stored columns, parents before children, so that
 * a load in this order satisfies every foreign key even where triggers cannot be switched off.
 * @example for (const t of await tablesInKeyOrder(sql)) console.log(t.name);
 */
export async function tablesInKeyOrder(sql: Sql): Promise<TableSpec[]> {
  const rows = await sql<{ name: string; columns: string[]; parents: string[] }[]>`
    select c.relname as name,
           array(select a.attname from pg_attribute a
                 where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                   and a.attgenerated = '' order by a.attnum)::text[] as columns,
           array(select distinct p.relname from pg_constraint f join pg_class p on p.oid = f.confrelid
                 where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid)::text[] as parents
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> ${LEDGER}
    order by c.relname`;
  const placed = new Set<string>();
  const ordered: TableSpec[] = [];
  let rest = [...rows];
  while (rest.length > 0) {
    const ready = rest.filter((t) => t.parents.every((p) => placed.has(p)));
    if (ready.length === 0)
      throw new Error(`foreign keys form a cycle among ${rest.map((t) => t.name)}`);
    for (const t of ready) {
      placed.add(t.name);
      ordered.push({ name: t.name, columns: t.columns });
    }
    rest = rest.filter((t) => !placed.has(t.name));
  }
  return ordered;
}

/** Every sequence of schema public and where it stands (null: never used). */
export async function sequencePositions(sql: Sql): Promise<SequenceSpec[]> {
  return sql<SequenceSpec[]>`
    select sequencename as name, last_value from pg_sequences
    where schemaname = 'public' order by sequencename`;
}

/** Puts each sequence where the backup had it (or back to its start when it was never used). */
export async function setSequencePositions(sql: Sql, sequences: SequenceSpec[]): Promise<void> {
  for (const s of sequences) {
    await sql`
      select setval(${`public.${s.name}`}::regclass,
                    coalesce(${s.lastValue}::bigint, start_value), ${s.lastValue !== null})
      from pg_sequences where schemaname = 'public' and sequencename = ${s.name}`;
  }
}

/**
 * The tables (and the job queue) holding something a person or the system made: empty when a
 * database was just created or only migrated. A restore refuses anything else without --force.
 */
export async function tablesWithRows(sql: Sql): Promise<string[]> {
  const found: string[] = [];
  const [ledger] = await sql`select to_regclass(${`public.${LEDGER}`}) is not null as present`;
  if (!ledger?.present) return found;
  for (const t of await tablesInKeyOrder(sql)) {
    if (REFERENCE_TABLES.has(t.name)) continue;
    const [row] = await sql`select exists (select from ${sql(t.name)}) as some`;
    if (row?.some) found.push(t.name);
  }
  const [queue] = await sql`select to_regclass('graphile_worker.jobs') is not null as present`;
  if (!queue?.present) return found;
  const [jobs] = await sql`select exists (select from graphile_worker.jobs) as some`;
  if (jobs?.some) found.push("graphile_worker.jobs");
  return found;
}

/** The ids of the Chorus migrations this database has applied. */
export async function appliedMigrations(sql: Sql): Promise<{ id: number; name: string }[]> {
  const [ledger] = await sql`select to_regclass(${`public.${LEDGER}`}) is not null as present`;
  if (!ledger?.present) return [];
  return sql<{ id: number; name: string }[]>`select id, name from chorus_migrations order by id`;
}

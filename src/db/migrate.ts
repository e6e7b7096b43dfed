import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Logger, runMigrations as runQueueMigrations } from "graphile-worker";
import type { Db } from "./client.ts";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
const LOCK_KEY = 7_204_2020;

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** Reads `src/db/migrations/NNNN_name.sql` in order; ids must be unique and increasing. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`migration file name ${file} is not NNNN_name.sql`);
    const id = Number(match[1]);
    if (seen.has(id)) throw new Error(`two migrations share the number ${match[1]}`);
    seen.add(id);
    return { id, name: match[2]!, sql: fs.readFileSync(path.join(dir, file), "utf8") };
  });
}

/**
 * Applies the job queue's schema, then every Chorus migration not applied yet, each in its own
 * transaction, under an advisory lock so that two processes never migrate at once. `upTo` stops
 * after that migration id (a restore loads an older backup at its own schema version first).
 * @example const applied = await migrate(sql, databaseUrl);
 */
export async function migrate(
  sql: Db,
  databaseUrl: string,
  opts: { upTo?: number } = {},
): Promise<string[]> {
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
    await runQueueMigrations({ connectionString: databaseUrl, logger: silentLogger });
    await tx`create table if not exists chorus_migrations (
      id int primary key, name text not null, applied_at timestamptz not null default now())`;
    const done = new Set((await tx`select id from chorus_migrations`).map((r) => r.id as number));
    for (const m of readMigrations()) {
      if (done.has(m.id) || m.id > (opts.upTo ?? Number.POSITIVE_INFINITY)) continue;
      await tx.savepoint(async (sp) => {
        await sp.unsafe(m.sql);
        await sp`insert into chorus_migrations (id, name) values (${m.id}, ${m.name})`;
      });
      applied.push(`${String(m.id).padStart(4, "0")}_${m.name}`);
    }
  });
  return applied;
}

const silentLogger = new Logger(() => () => {});

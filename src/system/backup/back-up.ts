import { once } from "node:events";
import type { Writable } from "node:stream";
import type { Db, Sql } from "../../db/client.ts";
import { appliedMigrations, sequencePositions, tablesInKeyOrder } from "./catalog.ts";
import {
  BACKUP_FORMAT,
  type BackupHeader,
  type BackupTrailer,
  END_MARK,
  JOBS_MARK,
  SECTION_END,
  TABLE_MARK,
} from "./format.ts";
import { pendingJobs } from "./jobs.ts";

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/**
 * Writes a table's rows, one JSON string per line: each row's record literal (`x::text`), which
 * Postgres reads back exactly (`lit::table`) whatever the column types. Read with a cursor, not
 * COPY: postgres.js pauses its socket when a COPY stream is full and never resumes it if the
 * COPY ended meanwhile, so the next query of the transaction hangs.
 */
async function writeRows(tx: Sql, table: string, out: Writable): Promise<number> {
  let count = 0;
  for await (const rows of tx`select x::text as lit from ${tx(table)} x`.cursor(500)) {
    await write(out, rows.map((r) => `${JSON.stringify(r.lit)}\n`).join(""));
    count += rows.length;
  }
  return count;
}

/**
 * Writes a logical backup of the whole database to `out` (the caller gzips and closes it): every
 * Chorus table in foreign-key order, the sequences, and the jobs still to run, all read from one
 * snapshot so that what it holds is consistent. See format.ts for the layout.
 * @example await backUp(sql, gzipToFile); // → { rows: { users: 12, … }, jobs: 3 }
 */
export async function backUp(sql: Db, out: Writable): Promise<BackupTrailer> {
  return sql.begin("isolation level repeatable read read only", async (tx) => {
    const tables = await tablesInKeyOrder(tx);
    const [server] = await tx`select version() as version`;
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      server: String(server?.version),
      migrations: await appliedMigrations(tx),
      tables,
      sequences: await sequencePositions(tx),
    };
    await write(out, `${JSON.stringify(header)}\n`);
    const trailer: BackupTrailer = { rows: {}, jobs: 0 };
    for (const t of tables) {
      await write(out, `${TABLE_MARK}${t.name}\n`);
      trailer.rows[t.name] = await writeRows(tx, t.name, out);
      await write(out, `${SECTION_END}\n`);
    }
    await write(out, `${JOBS_MARK}\n`);
    for (const job of await pendingJobs(tx)) {
      await write(out, `${JSON.stringify(job)}\n`);
      trailer.jobs++;
    }
    await write(out, `${SECTION_END}\n${END_MARK}${JSON.stringify(trailer)}\n`);
    return trailer;
  }) as Promise<BackupTrailer>;
}

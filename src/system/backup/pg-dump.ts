import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Sql } from "../../db/client.ts";

const run = promisify(execFile);

/** The first bytes of pg_dump's custom format: how restore tells the two kinds of backup apart. */
export const PG_DUMP_MAGIC = "PGDMP";

/** The major version a PostgreSQL tool prints (`pg_dump (PostgreSQL) 18.1` → 18), or undefined. */
export async function toolMajor(bin: string): Promise<number | undefined> {
  try {
    const { stdout } = await run(bin, ["--version"], { timeout: 10_000 });
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function serverMajor(sql: Sql): Promise<number> {
  const [row] = await sql`select current_setting('server_version_num')::int / 10000 as major`;
  return Number(row?.major);
}

/**
 * The pg_dump to use, or undefined for the logical backup: PG_DUMP when set (an error if it
 * cannot dump this server), else `pg_dump` on PATH when it is at least the server's version
 * (pg_dump refuses a newer server: Debian 12's is 15, the embedded server 18).
 */
export async function usablePgDump(sql: Sql, configured?: string): Promise<string | undefined> {
  const server = await serverMajor(sql);
  const bin = configured ?? "pg_dump";
  const major = await toolMajor(bin);
  if (major !== undefined && major >= server) return bin;
  if (configured) {
    throw new Error(`PG_DUMP=${configured} is ${major ?? "not runnable"}; the server is ${server}`);
  }
  return undefined;
}

/** pg_restore beside the pg_dump that would be used (same folder when PG_DUMP names a path). */
export function pgRestoreBeside(pgDump: string): string {
  return pgDump.includes("/") ? path.join(path.dirname(pgDump), "pg_restore") : "pg_restore";
}

/** A whole-database dump (schema, data, job queue) in pg_dump's custom format. */
export async function pgDumpTo(bin: string, databaseUrl: string, file: string): Promise<void> {
  await run(
    bin,
    ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`, databaseUrl],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}

/** Loads a pg_dump archive in one transaction, replacing whatever objects it holds. */
export async function pgRestoreFrom(bin: string, databaseUrl: string, file: string): Promise<void> {
  await run(
    bin,
    [
      "--clean",
      "--if-exists",
      "--no-owner",
      "--no-privileges",
      "--single-transaction",
      "--exit-on-error",
      `--dbname=${databaseUrl}`,
      file,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
}

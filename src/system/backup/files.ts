import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { migrate } from "../../db/migrate.ts";
import type { Search } from "../../library/search.ts";
import { backUp } from "./back-up.ts";
import { tablesWithRows } from "./catalog.ts";
import { lines } from "./format.ts";
import {
  PG_DUMP_MAGIC,
  pgDumpTo,
  pgRestoreBeside,
  pgRestoreFrom,
  serverMajor,
  toolMajor,
  usablePgDump,
} from "./pg-dump.ts";
import { RestoreRefused, type RestoreTarget, restoreLogical } from "./restore.ts";

export interface BackupResult {
  method: "pg_dump" | "logical";
  file: string;
  bytes: number;
  rows?: Record<string, number>;
  jobs?: number;
}

/**
 * Writes a backup of the database to `file` (readable by its owner only; written beside it and
 * renamed, so a cut-off run never leaves a file that looks whole): pg_dump's custom format when a
 * pg_dump able to dump this server is at hand, else the logical format (format.ts).
 * @example await backUpToFile(target, "backups/chorus.backup", { pgDump: config.pgDump });
 */
export async function backUpToFile(
  target: RestoreTarget,
  file: string,
  opts: { pgDump?: string; logical?: boolean } = {},
): Promise<BackupResult> {
  const partial = `${file}.partial`;
  const pgDump = opts.logical ? undefined : await usablePgDump(target.sql, opts.pgDump);
  let result: Omit<BackupResult, "bytes">;
  if (pgDump) {
    fs.writeFileSync(partial, "", { mode: 0o600 });
    await pgDumpTo(pgDump, target.databaseUrl, partial);
    result = { method: "pg_dump", file };
  } else {
    const gzip = zlib.createGzip();
    const written = pipeline(gzip, fs.createWriteStream(partial, { mode: 0o600 }));
    const trailer = await backUp(target.sql, gzip);
    gzip.end();
    await written;
    result = { method: "logical", file, ...trailer };
  }
  fs.renameSync(partial, file);
  return { ...result, bytes: fs.statSync(file).size };
}

export interface RestoreResult {
  method: "pg_dump" | "logical";
  rows?: Record<string, number>;
  jobs?: number;
  migrationsAfter: string[];
  indexed: number;
}

/**
 * Restores a backup made by backUpToFile into the database of `target` (which must be empty
 * unless `force`), then rebuilds the search index from the restored rows.
 * @example await restoreFromFile({ sql, databaseUrl, search }, file, { force: false });
 */
export async function restoreFromFile(
  target: RestoreTarget & { search: Pick<Search, "reindex"> },
  file: string,
  opts: { force: boolean; pgDump?: string },
): Promise<RestoreResult> {
  if (!fs.existsSync(file)) throw new RestoreRefused(`找不到备份文件：${file}`);
  const magic = Buffer.alloc(PG_DUMP_MAGIC.length);
  const fd = fs.openSync(file, "r");
  fs.readSync(fd, magic, 0, magic.length, 0);
  fs.closeSync(fd);
  let result: Omit<RestoreResult, "indexed">;
  if (magic.toString("latin1") === PG_DUMP_MAGIC) {
    const bin = pgRestoreBeside(opts.pgDump ?? "pg_dump");
    const major = await toolMajor(bin);
    if (major === undefined || major < (await serverMajor(target.sql))) {
      throw new RestoreRefused(`这是 pg_dump 备份，需要与数据库版本相符的 pg_restore（${bin}）`);
    }
    const occupied = await tablesWithRows(target.sql);
    if (occupied.length > 0 && !opts.force) {
      throw new RestoreRefused("目标数据库不是空的；确要覆盖其中全部数据时加 --force");
    }
    await pgRestoreFrom(bin, target.databaseUrl, file);
    result = { method: "pg_dump", migrationsAfter: await migrate(target.sql, target.databaseUrl) };
  } else {
    const input = fs.createReadStream(file).pipe(zlib.createGunzip());
    const rows = lines(input)[Symbol.asyncIterator]();
    try {
      result = { method: "logical", ...(await restoreLogical(target, rows, opts)) };
    } finally {
      input.destroy();
    }
  }
  return { ...result, indexed: await target.search.reindex() };
}

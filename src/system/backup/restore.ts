import type { Db, Sql } from "../../db/client.ts";
import { migrate, readMigrations } from "../../db/migrate.ts";
import {
  appliedMigrations,
  setSequencePositions,
  type TableSpec,
  tablesInKeyOrder,
  tablesWithRows,
} from "./catalog.ts";
import {
  BackupHeader,
  BackupTrailer,
  END_MARK,
  JOBS_MARK,
  SECTION_END,
  TABLE_MARK,
} from "./format.ts";
import { PendingJob, requeueJob } from "./jobs.ts";

/** A restore that was not started, and why (nothing was changed). */
export class RestoreRefused extends Error {
  override name = "RestoreRefused";
}

export interface RestoreTarget {
  sql: Db;
  databaseUrl: string;
}

export interface RestoreSummary {
  rows: Record<string, number>;
  jobs: number;
  migrationsAfter: string[];
}

type Lines = AsyncIterator<string>;

async function next(input: Lines, expecting: string): Promise<string> {
  const line = await input.next();
  if (line.done) throw new RestoreRefused(`备份文件不完整：在${expecting}处结束`);
  return line.value;
}

/**
 * Loads a logical backup (the lines of format.ts) into the database at `target`: refuses a
 * database holding anything unless `force`, migrates to the backup's schema version, loads every
 * table, the sequences and the pending jobs in ONE transaction with triggers off (the rows are
 * already what the triggers made), then applies the migrations newer than the backup. Rebuilding
 * the search index is the caller's next step.
 * @example await restoreLogical(target, lines(gunzipped), { force: false });
 */
export async function restoreLogical(
  target: RestoreTarget,
  input: Lines,
  opts: { force: boolean },
): Promise<RestoreSummary> {
  const header = BackupHeader.safeParse(safeJson(await next(input, "文件头")));
  if (!header.success) throw new RestoreRefused("这不是 Chorus 备份文件（文件头无法识别）");
  const last = await checkTarget(target.sql, header.data, opts.force);
  await migrate(target.sql, target.databaseUrl, { upTo: last });
  const loaded = (await target.sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await clear(tx, opts.force);
    const tables = new Map(header.data.tables.map((t) => [t.name, t]));
    const rows: Record<string, number> = {};
    let jobs = 0;
    for (;;) {
      const line = await next(input, "数据段");
      if (line.startsWith(TABLE_MARK)) {
        const table = tables.get(line.slice(TABLE_MARK.length));
        if (!table) throw new RestoreRefused(`备份含有未声明的表：${line}`);
        rows[table.name] = await loadTable(tx, table, input);
      } else if (line === JOBS_MARK) {
        for (
          let job = await next(input, "任务");
          job !== SECTION_END;
          job = await next(input, "任务")
        ) {
          await requeueJob(tx, PendingJob.parse(JSON.parse(job)));
          jobs++;
        }
      } else if (line.startsWith(END_MARK)) {
        const trailer = BackupTrailer.parse(JSON.parse(line.slice(END_MARK.length)));
        const differs = Object.entries(trailer.rows)
          .filter(([name, n]) => rows[name] !== n)
          .map(([name, n]) => `${name} ${rows[name] ?? 0}/${n}`);
        if (trailer.jobs !== jobs) differs.push(`jobs ${jobs}/${trailer.jobs}`);
        if (differs.length > 0) {
          throw new RestoreRefused(
            `备份文件的行数与其结尾记录不符（${differs.join("，")}），文件可能已损坏`,
          );
        }
        break;
      } else throw new RestoreRefused(`备份文件无法识别的一行：${line.slice(0, 80)}`);
    }
    await setSequencePositions(tx, header.data.sequences);
    return { rows, jobs };
  })) as { rows: Record<string, number>; jobs: number };
  const migrationsAfter = await migrate(target.sql, target.databaseUrl);
  return { ...loaded, migrationsAfter };
}

/** Refuses what cannot be restored here; returns the backup's last migration id. */
async function checkTarget(sql: Db, header: BackupHeader, force: boolean): Promise<number> {
  const code = readMigrations().map((m) => `${m.id} ${m.name}`);
  const backup = header.migrations.map((m) => `${m.id} ${m.name}`);
  if (backup.some((m, i) => code[i] !== m)) {
    throw new RestoreRefused("备份来自更新或不同的 Chorus 版本（迁移列表不符），请用对应版本恢复");
  }
  const occupied = await tablesWithRows(sql);
  if (occupied.length > 0 && !force) {
    throw new RestoreRefused(
      `目标数据库不是空的（${occupied.slice(0, 5).join("、")}${occupied.length > 5 ? " 等" : ""} 有数据）。` +
        "请恢复到新建的空数据库；确要覆盖其中全部数据时加 --force",
    );
  }
  const applied = (await appliedMigrations(sql)).map((m) => `${m.id} ${m.name}`);
  if (applied.some((m, i) => backup[i] !== m)) {
    throw new RestoreRefused("目标数据库的结构比备份新：请恢复到新建的空数据库，恢复后会自动升级");
  }
  return header.migrations.at(-1)?.id ?? 0;
}

/** Empties every table (and, with force, the job queue), so the backup's rows are all there is. */
async function clear(tx: Sql, force: boolean): Promise<void> {
  for (const t of (await tablesInKeyOrder(tx)).reverse()) await tx`delete from ${tx(t.name)}`;
  if (force) await tx`delete from graphile_worker._private_jobs`;
}

/** Inserts a table's rows in batches (of at most 500 rows or about 4 MB) from their literals. */
async function loadTable(tx: Sql, table: TableSpec, input: Lines): Promise<number> {
  const cols = tx(table.columns);
  const insert = (literals: string[]) => tx`
    insert into ${tx(table.name)} (${cols}) overriding system value
    select ${cols} from (select (lit::${tx(table.name)}).* from unnest(${literals}::text[]) lit) x`;
  let count = 0;
  let batch: string[] = [];
  let size = 0;
  for (
    let row = await next(input, table.name);
    row !== SECTION_END;
    row = await next(input, table.name)
  ) {
    const literal = JSON.parse(row) as string;
    batch.push(literal);
    size += literal.length;
    count++;
    if (batch.length >= 500 || size > 4_000_000) {
      await insert(batch);
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) await insert(batch);
  return count;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

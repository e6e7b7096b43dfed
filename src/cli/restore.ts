import { parseArgs } from "node:util";
import { loadConfigOrExit } from "../config.ts";
import { createLogger } from "../log.ts";
import { openDeps } from "../runtime.ts";
import { restoreFromFile } from "../system/backup/files.ts";
import { RestoreRefused } from "../system/backup/restore.ts";

const USAGE =
  "用法：npm run restore -- FILE [--force]\n" +
  "  恢复到空数据库（DATABASE_URL），随后重建搜索索引。恢复前请停止 Chorus。\n" +
  "  --force 覆盖非空数据库中的全部数据。\n";

/** `npm run restore -- FILE`: a backup into an empty database, then the search index rebuilt. */
const args = parseArgs({ allowPositionals: true, options: { force: { type: "boolean" } } });
const file = args.positionals[0];
if (!file || args.positionals.length > 1) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const config = loadConfigOrExit(process.env);
const opened = await openDeps(config, createLogger({ level: "warn" }), { migrate: false });
try {
  const done = await restoreFromFile(opened.deps, file, {
    force: args.values.force ?? false,
    pgDump: config.pgDump,
  });
  const rows = Object.values(done.rows ?? {}).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `已恢复（${done.method === "pg_dump" ? "pg_dump" : `${rows} 行，${done.jobs} 个待办任务`}）` +
      `；升级迁移 ${done.migrationsAfter.length} 个；索引已重建：${done.indexed} 条辟谣\n`,
  );
} catch (err) {
  if (!(err instanceof RestoreRefused)) throw err;
  process.stderr.write(`未恢复：${err.message}\n`);
  process.exitCode = 1;
} finally {
  await opened.close();
}

import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfigOrExit } from "../config.ts";
import { createLogger } from "../log.ts";
import { openDeps } from "../runtime.ts";
import { backUpToFile } from "../system/backup/files.ts";

const USAGE =
  "用法：npm run backup -- [FILE] [--logical]\n" +
  "  FILE 缺省为 DATA_DIR/backups/chorus-<时间>.backup；--logical 不用 pg_dump。\n" +
  "  备份含密码哈希与令牌哈希，请按 README “Backup and restore” 一节保管。\n";

/** `npm run backup`: the whole database (and the jobs still to run) into one file. */
const args = parseArgs({ allowPositionals: true, options: { logical: { type: "boolean" } } });
if (args.positionals.length > 1) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const config = loadConfigOrExit(process.env);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const file = path.resolve(
  args.positionals[0] ?? path.join(config.dataDir, "backups", `chorus-${stamp}.backup`),
);
fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
const opened = await openDeps(config, createLogger({ level: "warn" }));
try {
  const done = await backUpToFile(opened.deps, file, {
    pgDump: config.pgDump,
    logical: args.values.logical,
  });
  const rows = Object.values(done.rows ?? {}).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `已备份（${done.method === "pg_dump" ? "pg_dump" : `逻辑备份：${rows} 行，${done.jobs} 个待办任务`}）：` +
      `${done.file}（${done.bytes} 字节）\n`,
  );
} finally {
  await opened.close();
}

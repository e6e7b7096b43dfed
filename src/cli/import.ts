import fs from "node:fs";
import { loadConfig } from "../config.ts";
import { importRebuttals } from "../library/import-rebuttals.ts";
import { createLogger } from "../log.ts";
import { openDeps } from "../runtime.ts";
import { progressBar } from "./progress.ts";

/** `npm run import -- FILE.jsonl`: loads an existing library, idempotently by external id. */
const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  process.stderr.write(
    "用法：npm run import -- FILE.jsonl（每行一条已发布的辟谣，格式见 DESIGN.md）\n",
  );
  process.exit(2);
}
const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
const opened = await openDeps(loadConfig(process.env), createLogger({ level: "warn" }));
try {
  const bar = progressBar("导入", lines.length);
  const summary = await importRebuttals(opened.deps, lines, {
    actorLabel: `import:${file}`,
    onProgress: (n) => bar.update(n),
  });
  bar.done();
  process.stdout.write(
    `新增 ${summary.added}，更新 ${summary.updated}，未变 ${summary.unchanged}，拒绝 ${summary.refused.length}\n`,
  );
  for (const r of summary.refused) {
    process.stdout.write(
      `  第 ${r.line} 行${r.externalId ? `（${r.externalId}）` : ""}：${r.reason}\n`,
    );
  }
  process.exitCode = summary.refused.length ? 1 : 0;
} finally {
  await opened.close();
}

import fs from "node:fs";
import { loadConfig } from "../config.ts";
import { importRebuttals } from "../library/import-rebuttals.ts";
import { createLogger } from "../log.ts";
import { openDeps } from "../runtime.ts";
import { progressBar } from "./progress.ts";

/** Where users read the line format: the README that ships with the checkout. */
const USAGE =
  "用法：npm run import -- FILE.jsonl\n" +
  "  FILE.jsonl 每行一个 JSON 对象，即一条已发布的辟谣，例如：\n" +
  '  {"externalId":"dxy-2","claim":"盐水漱口能预防感染新冠病毒？","verdict":"false","summary":"漱口无法清洁呼吸道","body":"……"}\n' +
  "  字段说明与完整示例见 README.md 的 “Importing an existing library” 一节。\n";

/** `npm run import -- FILE.jsonl`: loads an existing library, idempotently by external id. */
const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  if (file) process.stderr.write(`找不到文件：${file}\n`);
  process.stderr.write(USAGE);
  process.exit(2);
}
const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
const opened = await openDeps(loadConfig(process.env), createLogger({ level: "warn" }));
try {
  const bar = progressBar("导入", lines.length);
  const summary = await importRebuttals(opened.deps, lines, {
    actorLabel: `import:${file}`,
    onProgress: (n) => bar.update(n),
    onIndexing: () => {
      bar.done();
      process.stderr.write("已写入数据库，等待搜索索引完成……\n");
    },
  });
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

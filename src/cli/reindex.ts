import { loadConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { openDeps } from "../runtime.ts";
import { progressBar } from "./progress.ts";

/** `npm run reindex`: rebuilds the library index from Postgres and swaps it in without a gap. */
const opened = await openDeps(loadConfig(process.env), createLogger({ level: "warn" }));
try {
  let bar: ReturnType<typeof progressBar> | undefined;
  const done = await opened.deps.search.reindex((n, total) => {
    bar ??= progressBar("重建索引", total);
    bar.update(n);
  });
  bar?.done();
  process.stdout.write(`索引已重建：${done} 条辟谣\n`);
} finally {
  await opened.close();
}

import { loadConfig } from "../config.ts";
import { countLiveRebuttals, pageLiveRebuttals } from "../db/library.ts";
import { bumpLibraryGeneration } from "../library/cache.ts";
import { deriveRebuttalSearch } from "../library/derive.ts";
import { createLogger } from "../log.ts";
import { openDeps } from "../runtime.ts";
import {
  ensureRebuttalIndex,
  meili,
  REBUTTAL_INDEX,
  toDocument,
} from "../search/rebuttal-index.ts";
import { progressBar } from "./progress.ts";

/**
 * `npm run reindex`: rebuilds the library index from Postgres into a new index, then swaps it
 * with the live one, so that search never sees a half-built index.
 */
const opened = await openDeps(loadConfig(process.env), createLogger({ level: "warn" }));
const { deps } = opened;
try {
  const client = meili(deps);
  const live = await ensureRebuttalIndex(deps);
  const next = deps.search.indexName(`${REBUTTAL_INDEX}_next`);
  await client.deleteIndexIfExists(next);
  await ensureRebuttalIndex(deps, `${REBUTTAL_INDEX}_next`);
  const total = await countLiveRebuttals(deps.sql);
  const bar = progressBar("重建索引", total);
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const page = await pageLiveRebuttals(deps.sql, after, 500);
    if (page.length === 0) break;
    for (const row of page) await deriveRebuttalSearch(deps.sql, row.id);
    const task = await client
      .index(next)
      .addDocuments(page.map(toDocument))
      .waitTask({ timeout: 120_000 });
    if (task.status === "failed") throw new Error(`documents: ${task.error?.message}`);
    done += page.length;
    after = page.at(-1)!.id;
    bar.update(done);
  }
  bar.done();
  await client.swapIndexes([{ indexes: [live, next], rename: false }]).waitTask();
  await client.deleteIndex(next).waitTask();
  bumpLibraryGeneration();
  process.stdout.write(`索引已重建：${done} 条辟谣\n`);
} finally {
  await opened.close();
}

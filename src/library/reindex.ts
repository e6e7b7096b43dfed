import {
  analyzeSearchRows,
  countLiveRebuttals,
  pageLiveRebuttals,
  upsertRebuttalSearchBatch,
} from "./db/library.ts";
import { growPendingLists, inTransaction, mergePendingLists } from "./db/library-import.ts";
import { deriveSearch } from "./derive.ts";
import { BULK_WAIT, TASK_WAIT, waitForTasks } from "./index-rebuttal.ts";
import { ensureRebuttalIndex, REBUTTAL_INDEX, toDocument } from "./meili/rebuttal-index.ts";
import type { LibraryEngines } from "./retrieve.ts";

/** Rebuttals read, derived and sent to Meilisearch per page: one Meilisearch task each. */
const PAGE = 5000;

/**
 * Rebuilds the library index from Postgres into a fresh index, then swaps it with the live one
 * (one atomic Meilisearch task), so search never sees a half-built index. Re-derives the
 * Postgres candidate rows on the way. Pages are sent without waiting; all tasks are waited for
 * before the swap. Returns how many rebuttals were indexed.
 * @example await deps.search.reindex((done, total) => bar.update(done));
 */
export async function rebuildRebuttalIndex(
  e: LibraryEngines,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const client = e.meili.client;
  if (!client) throw new Error("Meilisearch is not configured");
  const live = await ensureRebuttalIndex(e.meili);
  const next = e.meili.indexName(`${REBUTTAL_INDEX}_next`);
  await client.deleteIndexIfExists(next);
  await ensureRebuttalIndex(e.meili, `${REBUTTAL_INDEX}_next`);
  const total = await countLiveRebuttals(e.sql);
  const tasks = [];
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const page = await pageLiveRebuttals(e.sql, after, PAGE);
    if (page.length === 0) break;
    await inTransaction(e.sql, async (tx) => {
      await growPendingLists(tx);
      await upsertRebuttalSearchBatch(
        tx,
        page.map((r) => ({ rebuttalId: r.id, ...deriveSearch(r) })),
      );
    });
    tasks.push(client.index(next).addDocuments(page.map(toDocument)));
    done += page.length;
    after = page.at(-1)!.id;
    onProgress(done, total);
  }
  // Postgres merges the pending search rows and refreshes its statistics meanwhile.
  const settle = async () => {
    await mergePendingLists(e.sql);
    await analyzeSearchRows(e.sql);
  };
  await Promise.all([settle(), waitForTasks(client, tasks, BULK_WAIT)]);
  const swap = await client
    .swapIndexes([{ indexes: [live, next], rename: false }])
    .waitTask(TASK_WAIT);
  if (swap.status === "failed") throw new Error(`reindex swap: ${swap.error?.message}`);
  await client.deleteIndex(next).waitTask(TASK_WAIT);
  e.cache.clear();
  return done;
}

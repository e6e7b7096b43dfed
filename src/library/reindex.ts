import type { Db } from "../db/client.ts";
import {
  countLiveRebuttals,
  pageLiveRebuttals,
  settleBulkWrite,
  upsertRebuttalSearchBatch,
} from "./db/library.ts";
import { growPendingLists, mergePendingLists } from "./db/library-import.ts";
import { deriveSearchHashes } from "./derive.ts";
import { BULK_WAIT, TASK_WAIT, waitForTasks } from "./index-rebuttal.ts";
import {
  createRebuttalIndexIfMissing,
  ensureRebuttalIndex,
  REBUTTAL_INDEX,
  toDocument,
  writtenBeforeFolding,
} from "./meili/rebuttal-index.ts";
import type { LibraryEngines } from "./retrieve.ts";

/** Rebuttals read, derived and sent to Meilisearch per page: one Meilisearch task each. */
const PAGE = 5000;

/**
 * How far before a rebuild's start rebuttals count as written during it (`updated_at` comes from
 * the writer's clock).
 */
const CLOCK_MARGIN = "1 minute";

/**
 * `rebuildRebuttalIndex`, one at a time across nodes (every rebuild builds `rebuttals_next`): a
 * session lock is held throughout. Rebuttals written while it ran were indexed into the old index,
 * which the swap dropped: they are sent again (`index`). With `onlyOlderForm`, nothing is done
 * unless the live index is still of an older form (`writtenBeforeFolding`), so a second job
 * scheduled for one upgrade, or one that waited behind `npm run reindex`, returns at once (0).
 * @example await rebuildOnce(e, sql, (ids) => search.index(ids), { onProgress });
 */
export async function rebuildOnce(
  e: LibraryEngines,
  sql: Db,
  index: (ids: string[]) => Promise<unknown>,
  opts: { onProgress?: (done: number, total: number) => void; onlyOlderForm?: boolean } = {},
): Promise<number> {
  const lock = await sql.reserve();
  try {
    await lock`select pg_advisory_lock(hashtext('library:reindex'))`;
    const live = e.meili.indexName(REBUTTAL_INDEX);
    if (opts.onlyOlderForm && !(await writtenBeforeFolding(e.meili, live))) return 0;
    const [{ since }] = await lock<[{ since: Date }]>`
      select now() - ${CLOCK_MARGIN}::interval as since`;
    const done = await rebuildRebuttalIndex(e, opts.onProgress);
    const written = await lock<{ id: string }[]>`
      select id from rebuttals where updated_at >= ${since} order by id`;
    for (let i = 0; i < written.length; i += PAGE)
      await index(written.slice(i, i + PAGE).map((r) => r.id));
    return done;
  } finally {
    await lock`select pg_advisory_unlock(hashtext('library:reindex'))`.catch(() => {});
    lock.release();
  }
}

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
  // The live index's settings are left as they are: the swap brings the fresh index's.
  await createRebuttalIndexIfMissing(e.meili);
  const live = e.meili.indexName(REBUTTAL_INDEX);
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
    await e.sql.begin(async (tx) => {
      await growPendingLists(tx);
      await upsertRebuttalSearchBatch(
        tx,
        page.map((r) => ({ rebuttalId: r.id, hashes: deriveSearchHashes(r) })),
      );
    });
    tasks.push(client.index(next).addDocuments(page.map((r) => toDocument(r))));
    done += page.length;
    after = page.at(-1)!.id;
    onProgress(done, total);
  }
  // Postgres merges the pending search rows meanwhile, then removes the search rows the rewrite
  // left dead and refreshes the library's statistics.
  const settle = async () => {
    await mergePendingLists(e.sql);
    await settleBulkWrite(e.sql, ["rebuttals", "rebuttal_search"]);
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

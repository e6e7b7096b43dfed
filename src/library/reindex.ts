import type { Deps } from "../deps.ts";
import { bumpLibraryGeneration } from "./cache.ts";
import { countLiveRebuttals, pageLiveRebuttals } from "./db/library.ts";
import { deriveRebuttalSearch } from "./derive.ts";
import { ensureRebuttalIndex, meili, REBUTTAL_INDEX, toDocument } from "./meili/rebuttal-index.ts";

const PAGE = 500;
const WAIT = { timeout: 120_000 };

/**
 * Rebuilds the library index from Postgres into a fresh index, then swaps it with the live one
 * (one atomic Meilisearch task), so search never sees a half-built index. Also re-derives the
 * Postgres candidate rows. Returns how many rebuttals were indexed.
 * @example await rebuildRebuttalIndex(deps, (done, total) => bar.update(done));
 */
export async function rebuildRebuttalIndex(
  deps: Deps,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const client = meili(deps);
  const live = await ensureRebuttalIndex(deps);
  const next = deps.search.indexName(`${REBUTTAL_INDEX}_next`);
  await client.deleteIndexIfExists(next);
  await ensureRebuttalIndex(deps, `${REBUTTAL_INDEX}_next`);
  const total = await countLiveRebuttals(deps.sql);
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const page = await pageLiveRebuttals(deps.sql, after, PAGE);
    if (page.length === 0) break;
    for (const row of page) await deriveRebuttalSearch(deps.sql, row.id);
    const task = await client.index(next).addDocuments(page.map(toDocument)).waitTask(WAIT);
    if (task.status === "failed") throw new Error(`reindex documents: ${task.error?.message}`);
    done += page.length;
    after = page.at(-1)!.id;
    onProgress(done, total);
  }
  const swap = await client.swapIndexes([{ indexes: [live, next], rename: false }]).waitTask(WAIT);
  if (swap.status === "failed") throw new Error(`reindex swap: ${swap.error?.message}`);
  await client.deleteIndex(next).waitTask(WAIT);
  bumpLibraryGeneration();
  return done;
}

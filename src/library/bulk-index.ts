import type { Sql } from "../db/client.ts";
import { lockIndexing } from "./db/library.ts";
import { BULK_WAIT, deriveRows, sendToMeili, waitForTasks } from "./index-rebuttal.ts";
import type { RebuttalIndexRow } from "./meili/rebuttal-index.ts";
import type { LibraryEngines } from "./retrieve.ts";

/** A rebuttal as its writer holds it, with what decides whether search shows it. */
export type IndexableRow = RebuttalIndexRow & { drill: boolean };

/** Indexing for a writer of many rebuttals in transactions of its own (import). */
export interface BulkIndex {
  /**
   * In the writer's transaction `tx`: derives the Postgres search rows of `rows` (no read back)
   * and hands their documents to Meilisearch under the indexing lock, without waiting. False
   * when Meilisearch could not take them: the writer leaves them to the index task.
   */
  add(tx: Sql, rows: IndexableRow[]): Promise<boolean>;
  /** Settles once Meilisearch has processed every batch handed over; throws if one failed. */
  searchable(): Promise<void>;
}

/**
 * A bulk indexing run of the search door; Meilisearch indexes batch k while the writer writes
 * batch k + 1, and every batch is waited for once, at the end.
 * @example const bulk = deps.search.bulk(); await sql.begin((tx) => bulk.add(tx, rows)); await bulk.searchable();
 */
export function bulkIndex(e: LibraryEngines, ensureIndex: () => Promise<void>): BulkIndex {
  const tasks: PromiseLike<{ taskUid: number }>[] = [];
  return {
    async add(tx, rows) {
      await lockIndexing(
        tx,
        rows.map((r) => r.id),
      );
      const { live, gone } = await deriveRows(tx, rows);
      e.cache.clear();
      if (!e.meili.client) return true;
      try {
        await ensureIndex();
        const sent = sendToMeili(e.meili, live, gone);
        await Promise.all(sent);
        tasks.push(...sent);
        return true;
      } catch (err) {
        e.log.warn({ err: String(err), count: rows.length }, "bulk index: Meilisearch refused");
        return false;
      }
    },
    async searchable() {
      if (e.meili.client) await waitForTasks(e.meili.client, tasks, BULK_WAIT);
      e.cache.clear();
    },
  };
}

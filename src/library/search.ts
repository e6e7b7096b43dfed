import type { z } from "zod";
import type { Db } from "../db/client.ts";
import { enqueue } from "../jobs/define.ts";
import type { Logger } from "../log.ts";
import { normalizeText } from "../text/normalize.ts";
import { type BulkIndex, bulkIndex } from "./bulk-index.ts";
import { AnswerCache } from "./cache.ts";
import { type LibraryFilters, lockIndexing } from "./db/library.ts";
import { deriveBatch, sendToMeili, waitForTasks } from "./index-rebuttal.ts";
import { reindexLibrary } from "./jobs.ts";
import { type MatchOptions, matchText } from "./match.ts";
import { Availability } from "./meili/availability.ts";
import { createMeili, type MeiliHandle } from "./meili/client.ts";
import {
  createRebuttalIndexIfMissing,
  ensureRebuttalIndex,
  REBUTTAL_INDEX,
  writtenBeforeFolding,
} from "./meili/rebuttal-index.ts";
import { rebuildOnce } from "./reindex.ts";
import type { LibraryEngines } from "./retrieve.ts";
import type { RebuttalMatch, SearchAnswer, SearchInput } from "./search-answer.ts";
import { answerSearch, rankForSearch } from "./search-rebuttals.ts";
import { TermStats } from "./term-stats.ts";

/**
 * The one door to the library's search: public search, intake matching, indexing, removal,
 * reindex and Meilisearch's availability. It keeps no copy of the library: candidates come from
 * Meilisearch and Postgres per query; its only state is a brief answer cache, the health of
 * Meilisearch and Postgres's statistics of common bigrams (bounded, whatever the library's size).
 */
export interface Search extends MeiliHandle {
  search(input: z.input<typeof SearchInput>): Promise<SearchAnswer>;
  match(text: string, opts?: MatchOptions): Promise<RebuttalMatch[]>;
  /** Ranked ids and whether Meilisearch was missing (for benchmarks and the public search). */
  rank(q: string, filters: LibraryFilters): Promise<{ ids: string[]; degraded: boolean }>;
  /**
   * Brings rebuttals in step everywhere search looks (add, replace, or remove when retracted or a
   * drill): Postgres rows in one statement, Meilisearch in one task per kind. With `wait: false`
   * it returns once Meilisearch has the tasks; `searchable` settles when they are done.
   */
  index(ids: string[], opts?: { wait?: boolean }): Promise<{ searchable: Promise<void> }>;
  /** Starts a bulk indexing run for a writer of many rebuttals (import). */
  bulk(): BulkIndex;
  /**
   * Rebuilds the Meilisearch index from Postgres into a fresh index and swaps it in, one rebuild
   * at a time (`rebuildOnce`); with `onlyOlderForm`, only an index of an older form.
   */
  reindex(
    onProgress?: (done: number, total: number) => void,
    opts?: { onlyOlderForm?: boolean },
  ): Promise<number>;
  /**
   * Creates the index and applies its settings (at start). A live index found written in an
   * older form is left as it is, to a rebuild (`library.reindex`, ADR 0319) that swaps in a fresh
   * index with the settings; meanwhile search goes on over the old one, its synonyms still set.
   */
  ensureIndex(name?: string): Promise<{ uid: string; rebuilding: boolean }>;
  /** Whether Meilisearch answered lately (checked at most every 5 s). */
  available(): Promise<boolean>;
  /** Reaches Postgres through the door's own connections (readiness: ADR 0318); throws if not. */
  ping(): Promise<void>;
}

/**
 * The search door over Postgres (`sql`) and Meilisearch (`url`, none for Postgres only).
 * `cacheMs` keeps public answers that long in this process (0: off).
 * @example const search = createSearch({ sql, log, url, key, prefix: "", cacheMs: 1000 });
 */
export function createSearch(opts: {
  sql: Db;
  log: Logger;
  url?: string;
  key?: string;
  prefix: string;
  cacheMs?: number;
}): Search {
  const meili = createMeili(opts);
  const e: LibraryEngines = {
    sql: opts.sql,
    log: opts.log,
    meili,
    availability: new Availability(async () => (await meili.health()) === "up"),
    termStats: new TermStats(),
    cache: new AnswerCache(opts.cacheMs ?? 1000),
  };
  let ensured = false;
  // Settings are applied at start; here only a missing index is created.
  const ensureExists = async () => {
    if (ensured || !meili.client) return;
    await createRebuttalIndexIfMissing(meili);
    ensured = true;
  };
  const door: Search = {
    ...meili,
    search: (input) => answerSearch(e, input),
    match: (text, o) => matchText(e, text, o),
    rank: async (q, filters) => {
      const { ids, degraded } = await rankForSearch(e, normalizeText(q), filters);
      return { ids, degraded };
    },
    async index(ids, o = {}) {
      // Two runs for one rebuttal (its publication's job and its retraction's) must reach
      // Meilisearch in the order they read Postgres, or a stale add lands after the delete: each
      // run reads and hands its tasks to Meilisearch (which applies them in order) under a lock.
      let unreachable: unknown;
      const { tasks } = await opts.sql.begin(async (tx) => {
        await lockIndexing(tx, ids);
        const { live, gone } = await deriveBatch(tx, ids);
        if (!meili.client) return { tasks: [] };
        try {
          await ensureExists();
          const sent = sendToMeili(meili, live, gone);
          await Promise.all(sent);
          return { tasks: sent };
        } catch (err) {
          // Postgres's rows stay in step (search degrades to them); the caller's job retries.
          unreachable = err;
          return { tasks: [] };
        }
      });
      e.cache.clear();
      if (unreachable) throw unreachable;
      const waited = meili.client ? waitForTasks(meili.client, tasks) : Promise.resolve();
      const searchable = waited.then(() => e.cache.clear());
      if (o.wait !== false) await searchable;
      return { searchable };
    },
    bulk: () => bulkIndex(e, ensureExists),
    reindex: (onProgress, o = {}) =>
      rebuildOnce(e, opts.sql, (ids) => door.index(ids), { onProgress, ...o }),
    async ensureIndex(name) {
      const live = meili.indexName(REBUTTAL_INDEX);
      if (name === undefined && (await writtenBeforeFolding(meili, live))) {
        // Its settings are what tells the older form apart: left for the rebuild's swap.
        await enqueue(opts.sql, reindexLibrary, {}, { jobKey: reindexLibrary.name });
        return { uid: live, rebuilding: true };
      }
      return { uid: await ensureRebuttalIndex(meili, name), rebuilding: false };
    },
    available: () => e.availability.up(),
    async ping() {
      await opts.sql`select 1`;
    },
  };
  return door;
}

import crypto from "node:crypto";
import type { Sql } from "../db/client.ts";
import { removeJobs } from "../jobs/db.ts";
import { lockIndexing } from "./db/library.ts";
import { changedSinceWritten, writerXid } from "./db/library-import.ts";
import {
  BULK_WAIT,
  deriveRows,
  type IndexableRow,
  sendDocuments,
  tasksPending,
  waitForTasks,
} from "./index-rebuttal.ts";
import { enqueueIndexRebuttals } from "./jobs.ts";
import { type RebuttalDocument, toDocument } from "./meili/rebuttal-index.ts";
import type { LibraryEngines } from "./retrieve.ts";

/** Indexing for a writer of many rebuttals in transactions of its own (import). */
export interface BulkIndex {
  /**
   * In the writer's transaction `tx`: derives the Postgres search rows of `rows` (no read back)
   * under the indexing lock, and keeps their documents for Meilisearch with the transaction's id.
   * Returns the job key the writer guards them with (a delayed index job in the same transaction,
   * removed once they are sent: a writer that dies first leaves them to it), if any are kept.
   */
  add(tx: Sql, rows: IndexableRow[]): Promise<string | undefined>;
  /**
   * After the writer's transactions committed, outside them: hands the documents kept to
   * Meilisearch once they reach `SEND_LINES`, or `SEND_IDLE` while Meilisearch has nothing left
   * of this run (all of them with `all`), without waiting. Returns the ids it left to index
   * jobs — rows changed since their writer wrote them, and a send Meilisearch refused —, enqueued
   * in the transaction that removes their batches' guards, so a writer dying after it loses none.
   */
  flush(opts?: { all?: boolean }): Promise<string[]>;
  /** Settles once Meilisearch has processed every batch handed over; throws if one failed. */
  searchable(): Promise<void>;
}

/**
 * Rows handed to Meilisearch in one task at most. After each task (or batch of queued tasks)
 * Meilisearch recomputes over the whole index, so fewer, larger tasks cost it less CPU (ADR
 * 0265); the writer's transactions stay at their own size (the indexing locks are held for one
 * of them only).
 */
export const SEND_LINES = 20_000;
/**
 * Rows sent at once when Meilisearch has finished what it was handed: it does not wait idle for
 * a full task, and the last task, indexed after the writer's last commit, stays short.
 */
export const SEND_IDLE = 10_000;
/** A send is cut short of `SEND_LINES` past this many characters of text (Meilisearch takes ≤ 100 MB). */
const SEND_CHARS = 24_000_000;

interface Held {
  id: string;
  /** Its search document; none if search is not to show it (deleted from Meilisearch). */
  doc?: RebuttalDocument;
  xid: string;
  guard: string;
}

const textSize = (r: IndexableRow) =>
  Math.min(r.bodyMd.length, 3000) + (r.claim?.length ?? 0) + r.title.length + r.summary.length;

/**
 * A bulk indexing run of the search door. Meilisearch indexes the documents of earlier
 * transactions while the writer writes the next ones, in tasks of `SEND_LINES`; every task is
 * waited for once, at the end. A document goes to Meilisearch under the indexing lock only if its
 * row is still the one its writer wrote (else the index task sends the row as it is now), so a
 * publication's newer document is never overwritten by an older one.
 * @example const bulk = deps.search.bulk(); await sql.begin((tx) => bulk.add(tx, rows)); await bulk.flush({ all: true }); await bulk.searchable();
 */
export function bulkIndex(e: LibraryEngines, ensureIndex: () => Promise<void>): BulkIndex {
  const tasks: PromiseLike<{ taskUid: number }>[] = [];
  let held: Held[] = [];
  let chars = 0;
  return {
    async add(tx, rows) {
      await lockIndexing(
        tx,
        rows.map((r) => r.id),
      );
      const { live } = await deriveRows(tx, rows);
      e.cache.clear();
      if (!e.meili.client || rows.length === 0) return undefined;
      const xid = await writerXid(tx);
      const guard = `library:bulk-send:${xid}:${crypto.randomUUID()}`;
      const isLive = new Set(live.map((r) => r.id));
      for (const row of rows) {
        const doc = isLive.has(row.id) ? toDocument(row, row.derived?.text) : undefined;
        held.push({ id: row.id, doc, xid, guard });
      }
      chars += rows.reduce((n, r) => n + textSize(r), 0);
      return guard;
    },
    async flush(opts = {}) {
      if (held.length === 0) return [];
      const full = held.length >= SEND_LINES || chars >= SEND_CHARS;
      const idle =
        held.length >= SEND_IDLE && !(await tasksPending(e.meili, tasks).catch(() => true));
      if (!opts.all && !full && !idle) return [];
      const batch = held;
      [held, chars] = [[], 0];
      let left: string[] = [];
      await e.sql.begin(async (tx) => {
        left = await send(e, ensureIndex, tx, batch, tasks);
      });
      return left;
    },
    async searchable() {
      if (e.meili.client) await waitForTasks(e.meili.client, tasks, BULK_WAIT);
      e.cache.clear();
    },
  };
}

/**
 * Hands `batch` to Meilisearch under the indexing lock, but for rows changed since, and in the
 * same transaction leaves those (all, if Meilisearch refused) to index jobs and removes the
 * batches' guards; returns the ids left.
 */
async function send(
  e: LibraryEngines,
  ensureIndex: () => Promise<void>,
  tx: Sql,
  batch: Held[],
  tasks: PromiseLike<{ taskUid: number }>[],
): Promise<string[]> {
  const ids = batch.map((h) => h.id);
  await lockIndexing(tx, ids);
  const changed = new Set(
    await changedSinceWritten(
      tx,
      batch.map((h) => ({ id: h.id, xid: h.xid })),
    ),
  );
  const kept = batch.filter((h) => !changed.has(h.id));
  let left = [...changed];
  try {
    await ensureIndex();
    const sent = sendDocuments(
      e.meili,
      kept.flatMap((h) => h.doc ?? []),
      kept.filter((h) => !h.doc).map((h) => h.id),
    );
    await Promise.all(sent);
    tasks.push(...sent);
  } catch (err) {
    e.log.warn({ err: String(err), count: ids.length }, "bulk index: Meilisearch refused");
    left = ids;
  }
  // The guards go only with the jobs that replace them: a writer that dies once this commits
  // (or before) leaves no row unsent and unqueued.
  await enqueueIndexRebuttals(tx, left);
  await removeJobs(tx, [...new Set(batch.map((h) => h.guard))]);
  return left;
}

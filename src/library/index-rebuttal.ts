import type { Meilisearch } from "meilisearch";
import type { Sql } from "../db/client.ts";
import {
  deleteRebuttalSearchBatch,
  getRebuttalsForIndex,
  upsertRebuttalSearchBatch,
} from "./db/library.ts";
import { deriveSearchHashes, type SearchHashes } from "./derive.ts";
import type { MeiliHandle } from "./meili/client.ts";
import {
  type DocumentText,
  REBUTTAL_INDEX,
  type RebuttalDocument,
  type RebuttalIndexRow,
  toDocument,
} from "./meili/rebuttal-index.ts";

/** How long a Meilisearch task is waited for, polled every 10 ms so a publication shows at once. */
export const TASK_WAIT = { timeout: 120_000, interval: 10 } as const;

/**
 * Derives the Postgres search rows of live rebuttals (one statement) and drops those of the rest.
 * Returns the rows, live ones first, for Meilisearch.
 */
export async function deriveBatch(sql: Sql, ids: string[]) {
  const rows = ids.length ? await getRebuttalsForIndex(sql, ids) : [];
  const { live } = await deriveRows(sql, rows);
  const found = new Set(rows.map((r) => r.id));
  await deleteRebuttalSearchBatch(
    sql,
    ids.filter((id) => !found.has(id)),
  );
  const liveIds = new Set(live.map((r) => r.id));
  return { live, gone: ids.filter((id) => !liveIds.has(id)) };
}

/**
 * A rebuttal as its writer holds it, with what decides whether search shows it, and what its
 * writer derived already from this very text, if it did.
 */
export type IndexableRow = RebuttalIndexRow & {
  drill: boolean;
  derived?: { search: SearchHashes; text: DocumentText };
};

/** `deriveBatch` for rows the caller holds (an import that has just written them). */
export async function deriveRows(sql: Sql, rows: IndexableRow[]) {
  const live = rows.filter((r) => r.status === "live" && !r.drill);
  const gone = rows.filter((r) => r.status !== "live" || r.drill).map((r) => r.id);
  await upsertRebuttalSearchBatch(
    sql,
    live.map((r) => ({ rebuttalId: r.id, hashes: r.derived?.search ?? deriveSearchHashes(r) })),
  );
  await deleteRebuttalSearchBatch(sql, gone);
  return { live, gone };
}

/**
 * Sends live rebuttals to Meilisearch and deletes the others, in (at most) two tasks, and
 * returns the tasks' promises so a caller can wait for many batches at once.
 */
export function sendToMeili(meili: MeiliHandle, live: RebuttalIndexRow[], gone: string[]) {
  return sendDocuments(
    meili,
    live.map((r) => toDocument(r)),
    gone,
  );
}

/** `sendToMeili` of documents already made. */
export function sendDocuments(meili: MeiliHandle, docs: RebuttalDocument[], gone: string[]) {
  if (!meili.client) throw new Error("Meilisearch is not configured");
  const index = meili.client.index(meili.indexName(REBUTTAL_INDEX));
  const tasks = [];
  if (docs.length) tasks.push(index.addDocuments(docs));
  if (gone.length) tasks.push(index.deleteDocuments(gone));
  return tasks;
}

/** Waiting for a bulk run's tasks: Meilisearch may merge them into one batch of minutes. */
export const BULK_WAIT = { timeout: 900_000, interval: 100 } as const;

/**
 * Waits until Meilisearch has processed every one of the tasks and throws if one failed. One
 * request per poll however many tasks (the client's own wait polls each task with a signal that
 * keeps a listener per poll: thousands of concurrent polls were most of an import's CPU). Gives
 * up after `wait.timeout` without a task finishing.
 */
export async function waitForTasks(
  client: Meilisearch,
  tasks: PromiseLike<{ taskUid: number }>[],
  wait: { timeout: number; interval: number } = TASK_WAIT,
): Promise<void> {
  if (tasks.length === 0) return;
  const uids = (await Promise.all(tasks)).map((t) => t.taskUid);
  let left = uids.length;
  let deadline = Date.now() + wait.timeout;
  for (;;) {
    const { total } = await client.tasks.getTasks({
      uids,
      statuses: ["enqueued", "processing"],
      limit: 1,
    });
    if (total === 0) break;
    if (total < left) [left, deadline] = [total, Date.now() + wait.timeout];
    if (Date.now() > deadline) throw new Error(`Meilisearch tasks not done: ${total} left`);
    await new Promise((r) => setTimeout(r, wait.interval));
  }
  const failed = await client.tasks.getTasks({ uids, statuses: ["failed", "canceled"], limit: 1 });
  const first = failed.results[0];
  if (first) throw new Error(`Meilisearch task ${first.status}: ${first.error?.message ?? ""}`);
}

/** Whether Meilisearch has yet to process any of the tasks (one request however many). */
export async function tasksPending(
  meili: MeiliHandle,
  tasks: PromiseLike<{ taskUid: number }>[],
): Promise<boolean> {
  if (!meili.client || tasks.length === 0) return false;
  const uids = (await Promise.all(tasks)).map((t) => t.taskUid);
  const { total } = await meili.client.tasks.getTasks({
    uids,
    statuses: ["enqueued", "processing"],
    limit: 1,
  });
  return total > 0;
}

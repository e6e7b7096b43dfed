import type { Sql } from "../db/client.ts";
import {
  deleteRebuttalSearchBatch,
  getRebuttalsForIndex,
  upsertRebuttalSearchBatch,
} from "./db/library.ts";
import { deriveSearch } from "./derive.ts";
import type { MeiliHandle } from "./meili/client.ts";
import { REBUTTAL_INDEX, type RebuttalIndexRow, toDocument } from "./meili/rebuttal-index.ts";

/** How long a Meilisearch task is waited for, polled every 10 ms so a publication shows at once. */
export const TASK_WAIT = { timeout: 120_000, interval: 10 } as const;

/**
 * Derives the Postgres search rows of live rebuttals (one statement) and drops those of the rest.
 * Returns the rows, live ones first, for Meilisearch.
 */
export async function deriveBatch(sql: Sql, ids: string[]) {
  const rows = ids.length ? await getRebuttalsForIndex(sql, ids) : [];
  const live = rows.filter((r) => r.status === "live" && !r.drill);
  const liveIds = new Set(live.map((r) => r.id));
  await upsertRebuttalSearchBatch(
    sql,
    live.map((r) => ({ rebuttalId: r.id, ...deriveSearch(r) })),
  );
  const gone = ids.filter((id) => !liveIds.has(id));
  await deleteRebuttalSearchBatch(sql, gone);
  return { live, gone };
}

/**
 * Sends live rebuttals to Meilisearch and deletes the others, in (at most) two tasks, and
 * returns the tasks' promises so a caller can wait for many batches at once.
 */
export function sendToMeili(meili: MeiliHandle, live: RebuttalIndexRow[], gone: string[]) {
  if (!meili.client) throw new Error("Meilisearch is not configured");
  const index = meili.client.index(meili.indexName(REBUTTAL_INDEX));
  const tasks = [];
  if (live.length) tasks.push(index.addDocuments(live.map(toDocument)));
  if (gone.length) tasks.push(index.deleteDocuments(gone));
  return tasks;
}

/** Waits for Meilisearch tasks and throws if one failed. */
export async function waitForTasks(
  tasks: {
    waitTask(o?: typeof TASK_WAIT): Promise<{ status: string; error?: { message: string } | null }>;
  }[],
): Promise<void> {
  for (const t of tasks) {
    const done = await t.waitTask(TASK_WAIT);
    if (done.status === "failed")
      throw new Error(`Meilisearch task failed: ${done.error?.message}`);
  }
}

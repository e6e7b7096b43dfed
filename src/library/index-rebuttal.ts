import type { Deps } from "../deps.ts";
import { bumpLibraryGeneration } from "./cache.ts";
import { getRebuttalForIndex } from "./db/library.ts";
import { deriveRebuttalSearch } from "./derive.ts";
import { ensureRebuttalIndex, meili, REBUTTAL_INDEX, toDocument } from "./meili/rebuttal-index.ts";

const ensured = new WeakSet<Deps>();

/**
 * Brings one rebuttal in step everywhere search looks: the Postgres derivation, then the
 * Meilisearch document (added, replaced, or deleted when retracted or a drill). Idempotent.
 * @example await syncRebuttal(deps, rebuttalId);
 */
export async function syncRebuttal(deps: Deps, rebuttalId: string): Promise<void> {
  await deriveRebuttalSearch(deps.sql, rebuttalId);
  bumpLibraryGeneration();
  if (!deps.search.client) return;
  if (!ensured.has(deps)) {
    await ensureRebuttalIndex(deps);
    ensured.add(deps);
  }
  const index = meili(deps).index(deps.search.indexName(REBUTTAL_INDEX));
  const row = await getRebuttalForIndex(deps.sql, rebuttalId);
  const task =
    row && row.status === "live" && !row.drill
      ? await index.addDocuments([toDocument(row)]).waitTask({ timeout: 30_000 })
      : await index.deleteDocument(rebuttalId).waitTask({ timeout: 30_000 });
  if (task.status === "failed") throw new Error(`index ${rebuttalId}: ${task.error?.message}`);
  bumpLibraryGeneration();
}

import { task } from "../../jobs/task.ts";
import { reindexLibrary } from "../jobs.ts";

/**
 * Rebuilds the search index into a fresh one and swaps it in (no gap for search), if it is still
 * of an older form: a second job for one upgrade finds it done.
 */
export const reindexLibraryTask = task(reindexLibrary, async (_payload, { deps, log }) => {
  const done = await deps.search.reindex(undefined, { onlyOlderForm: true });
  if (done > 0) log.info({ rebuttals: done }, "library index rebuilt");
});

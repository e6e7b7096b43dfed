import { task } from "../../jobs/task.ts";
import { reindexLibrary } from "../jobs.ts";

/** Rebuilds the search index into a fresh one and swaps it in (no gap for search). */
export const reindexLibraryTask = task(reindexLibrary, async (_payload, { deps, log }) => {
  const done = await deps.search.reindex();
  log.info({ rebuttals: done }, "library index rebuilt");
});

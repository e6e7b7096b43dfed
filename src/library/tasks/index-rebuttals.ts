import { task } from "../../jobs/task.ts";
import { indexRebuttals } from "../jobs.ts";

/** Keeps the search index in step with a batch of rebuttals (one Meilisearch task). */
export const indexRebuttalsTask = task(indexRebuttals, async ({ rebuttalIds }, { deps }) => {
  await deps.search.index(rebuttalIds);
});

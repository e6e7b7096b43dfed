import { task } from "../../jobs/task.ts";
import { indexRebuttal } from "../jobs.ts";

/** Keeps the search index (Postgres rows and Meilisearch) in step with one rebuttal. */
export const indexRebuttalTask = task(indexRebuttal, async ({ rebuttalId }, { deps }) => {
  await deps.search.index([rebuttalId]);
});

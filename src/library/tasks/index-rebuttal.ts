import { task } from "../../jobs/task.ts";
import { syncRebuttal } from "../index-rebuttal.ts";
import { indexRebuttal } from "../jobs.ts";

/** Keeps the search index (Postgres derivation and Meilisearch) in step with one rebuttal. */
export const indexRebuttalTask = task(indexRebuttal, async ({ rebuttalId }, { deps }) => {
  await syncRebuttal(deps, rebuttalId);
});

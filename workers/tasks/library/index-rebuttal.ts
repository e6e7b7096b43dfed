import { syncRebuttal } from "../../../src/library/index-rebuttal.ts";
import { indexRebuttal } from "../../../src/library/jobs.ts";
import { task } from "../../task.ts";

/** Keeps the search index (Postgres derivation and Meilisearch) in step with one rebuttal. */
export const indexRebuttalTask = task(indexRebuttal, async ({ rebuttalId }, { deps }) => {
  await syncRebuttal(deps, rebuttalId);
});

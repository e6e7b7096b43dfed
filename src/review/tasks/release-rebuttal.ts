import { task } from "../../jobs/task.ts";
import { releaseRebuttal } from "../jobs.ts";
import { releaseRound } from "../release-round.ts";

/** Publishes an embargoed approval at its release time; idempotent (see releaseRound). */
export const releaseRebuttalTask = task(releaseRebuttal, async ({ roundId }, { deps, log }) => {
  const outcome = await releaseRound(deps, roundId);
  log.info({ roundId, outcome }, "scheduled release");
});

import { releaseRebuttal } from "../../../src/review/jobs.ts";
import { releaseRound } from "../../../src/services/review/release-round.ts";
import { task } from "../../task.ts";

/** Publishes an embargoed approval at its release time; idempotent (see releaseRound). */
export const releaseRebuttalTask = task(releaseRebuttal, async ({ roundId }, { deps, log }) => {
  const outcome = await releaseRound(deps, roundId);
  log.info({ roundId, outcome }, "scheduled release");
});

import { sweepFanout } from "../../../src/fanout/jobs.ts";
import { sweepFanoutJobs } from "../../../src/services/fanout/sweep.ts";
import { task } from "../../task.ts";

/** fanout.sweep: releases fan-out jobs of dead workers, then runs again later. */
export const sweepFanoutTask = task(sweepFanout, async (opts, { deps }) => {
  await sweepFanoutJobs(deps, opts);
});

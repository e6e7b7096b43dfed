import { task } from "../../jobs/task.ts";
import { sweepFanout } from "../jobs.ts";
import { sweepFanoutJobs } from "../sweep.ts";

/** fanout.sweep: releases fan-out jobs of dead workers, then runs again later. */
export const sweepFanoutTask = task(sweepFanout, async (opts, { deps }) => {
  await sweepFanoutJobs(deps, opts);
});

import type { Deps } from "../deps.ts";
import { fanoutEvent } from "../events/jobs.ts";
import { enqueue } from "../jobs/define.ts";
import { registeredChannels } from "./channels/index.ts";
import { unlockStaleJobs } from "./db/fanout.ts";
import { emailStaff, SWEEP_JOB_KEY, sweepFanout } from "./jobs.ts";

const swept = [fanoutEvent, ...registeredChannels.map((c) => c.job), emailStaff].map((j) => j.name);

/**
 * Schedules the next sweep, then unlocks fan-out jobs whose worker died mid-delivery so that
 * a live worker completes them (at least once).
 * @example await sweepFanoutJobs(deps, { staleAfterMs: 60_000, everyMs: 30_000 });
 */
export async function sweepFanoutJobs(deps: Deps, opts: { staleAfterMs: number; everyMs: number }) {
  await enqueue(deps.sql, sweepFanout, opts, {
    jobKey: SWEEP_JOB_KEY,
    runAt: new Date(deps.now().getTime() + opts.everyMs),
  });
  const unlocked = await unlockStaleJobs(deps.sql, swept, opts.staleAfterMs);
  if (unlocked) deps.log.warn({ unlocked }, "fan-out jobs of a dead worker released");
  return unlocked;
}

/** Start-up step: makes sure the sweep chain runs (idempotent through its job key). */
export async function startFanoutSweeper(deps: Deps): Promise<string> {
  await enqueue(
    deps.sql,
    sweepFanout,
    { staleAfterMs: 60_000, everyMs: 30_000 },
    { jobKey: SWEEP_JOB_KEY },
  );
  return "scheduled";
}

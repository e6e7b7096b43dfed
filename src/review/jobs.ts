import { z } from "zod";
import { defineJob } from "../jobs/define.ts";

/** Publishes an approved round at its scheduled release time (embargo); see workers/tasks/review/. */
export const releaseRebuttal = defineJob(
  "review.release-rebuttal",
  z.object({ roundId: z.string().uuid() }),
);

import { z } from "zod";
import { defineJob } from "../jobs/define.ts";

/** Publishes an approved round at its scheduled release time (embargo); see src/review/tasks/. */
export const releaseRebuttal = defineJob(
  "review.release-rebuttal",
  z.object({ roundId: z.string().uuid() }),
);

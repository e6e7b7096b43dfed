import type { z } from "zod";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import type { JobDefinition } from "./define.ts";

export interface TaskContext {
  deps: Deps;
  log: Logger;
  job: { id: string; attempts: number; maxAttempts: number };
}

/** A job definition with the code that runs it; the payload arrives parsed. */
export interface Task<S extends z.ZodType = z.ZodType> {
  job: JobDefinition<S>;
  run(payload: z.output<S>, ctx: TaskContext): Promise<void>;
}

/** @example export const indexRebuttalTask = task(indexRebuttal, async ({ id }, { deps }) => {…}); */
export function task<S extends z.ZodType>(
  job: JobDefinition<S>,
  run: (payload: z.output<S>, ctx: TaskContext) => Promise<void>,
): Task<S> {
  return { job, run };
}

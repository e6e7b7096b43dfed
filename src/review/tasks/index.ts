import type { Task } from "../../jobs/task.ts";
import { releaseRebuttalTask } from "./release-rebuttal.ts";

/** The review area's tasks, one file per task beside this one. */
export const reviewTasks: Task[] = [releaseRebuttalTask as Task];

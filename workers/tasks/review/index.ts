import type { Task } from "../../task.ts";

/** The review area's tasks, one file per task beside this one. */
export const reviewTasks: Task[] = [];

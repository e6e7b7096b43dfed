import type { Task } from "../../jobs/task.ts";

/** The access area's tasks, one file per task beside this one. */
export const accessTasks: Task[] = [];

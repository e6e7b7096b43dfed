import type { Task } from "../../task.ts";

/** The fanout area's tasks, one file per task beside this one. */
export const fanoutTasks: Task[] = [];

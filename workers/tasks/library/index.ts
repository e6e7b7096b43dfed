import type { Task } from "../../task.ts";

/** The library area's tasks, one file per task beside this one. */
export const libraryTasks: Task[] = [];

import type { Task } from "../../task.ts";

/** The cases area's tasks, one file per task beside this one. */
export const casesTasks: Task[] = [];

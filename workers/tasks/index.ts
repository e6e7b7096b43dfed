import type { Task } from "../task.ts";

/** Every task the workers run; each lives in its own file beside this one. */
export const allTasks: Task[] = [];

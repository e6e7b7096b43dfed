import type { Task } from "../../jobs/task.ts";
import { checkDeadlineTask } from "./check-deadline.ts";

/** The cases area's tasks, one file per task beside this one. */
export const casesTasks: Task[] = [checkDeadlineTask] as Task[];

import type { Task } from "../../jobs/task.ts";
import { checkDeadlineTask } from "./check-deadline.ts";
import { tellLateAnswerTask } from "./tell-late-answer.ts";
import { tellReportersTask } from "./tell-reporters.ts";

/** The cases area's tasks, one file per task beside this one. */
export const casesTasks: Task[] = [
  checkDeadlineTask,
  tellReportersTask,
  tellLateAnswerTask,
] as Task[];

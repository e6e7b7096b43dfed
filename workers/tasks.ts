import { accessTasks } from "../src/access/tasks/index.ts";
import { casesTasks } from "../src/cases/tasks/index.ts";
import { fanoutTasks } from "../src/fanout/tasks/index.ts";
import { imagesTasks } from "../src/images/tasks/index.ts";
import type { Task } from "../src/jobs/task.ts";
import { libraryTasks } from "../src/library/tasks/index.ts";
import { reviewTasks } from "../src/review/tasks/index.ts";

/** Every task the workers run; each area lists its own, one task per file. */
export const allTasks: Task[] = [
  ...accessTasks,
  ...casesTasks,
  ...reviewTasks,
  ...libraryTasks,
  ...fanoutTasks,
  ...imagesTasks,
];

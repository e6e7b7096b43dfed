import type { Task } from "../task.ts";
import { accessTasks } from "./access/index.ts";
import { casesTasks } from "./cases/index.ts";
import { fanoutTasks } from "./fanout/index.ts";
import { libraryTasks } from "./library/index.ts";
import { reviewTasks } from "./review/index.ts";

/** Every task the workers run; each area lists its own, one task per file. */
export const allTasks: Task[] = [
  ...accessTasks,
  ...casesTasks,
  ...reviewTasks,
  ...libraryTasks,
  ...fanoutTasks,
];

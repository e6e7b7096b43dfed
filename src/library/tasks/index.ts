import type { Task } from "../../jobs/task.ts";
import { indexRebuttalTask } from "./index-rebuttal.ts";
import { indexRebuttalsTask } from "./index-rebuttals.ts";
import { reindexLibraryTask } from "./reindex-library.ts";

/** The library area's tasks, one file per task beside this one. */
export const libraryTasks: Task[] = [
  indexRebuttalTask as Task,
  indexRebuttalsTask as Task,
  reindexLibraryTask as Task,
];

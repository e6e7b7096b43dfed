import type { Task } from "../../jobs/task.ts";
import { readReportImageTask } from "./read-report-image.ts";

/** The images area's tasks, one file per task beside this one. */
export const imagesTasks: Task[] = [readReportImageTask] as Task[];

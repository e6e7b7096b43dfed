import type { Task } from "../../jobs/task.ts";
import { deliveryTasks } from "./deliver.ts";
import { emailStaffTask } from "./email-staff.ts";
import { fanOutEventTask } from "./fan-out-event.ts";
import { sweepFanoutTask } from "./sweep.ts";

/** The fanout area's tasks, one file per task beside this one (deliver.ts: one per channel). */
export const fanoutTasks: Task[] = [
  fanOutEventTask,
  ...deliveryTasks,
  emailStaffTask,
  sweepFanoutTask,
] as Task[];

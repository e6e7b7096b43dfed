import type { Task } from "../../jobs/task.ts";
import { deliverEmailTask } from "./deliver-email.ts";
import { deliverWebhookTask } from "./deliver-webhook.ts";
import { emailStaffTask } from "./email-staff.ts";
import { fanOutEventTask } from "./fan-out-event.ts";
import { sweepFanoutTask } from "./sweep.ts";

/** The fanout area's tasks, one file per task beside this one. */
export const fanoutTasks: Task[] = [
  fanOutEventTask,
  deliverWebhookTask,
  deliverEmailTask,
  emailStaffTask,
  sweepFanoutTask,
] as Task[];

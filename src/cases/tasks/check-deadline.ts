import { task } from "../../jobs/task.ts";
import { checkDeadline } from "../check-deadline.ts";
import { checkCaseDeadline } from "../jobs.ts";

/** Raises a case's deadline warning or miss when its checkpoint comes (idempotent). */
export const checkDeadlineTask = task(checkCaseDeadline, async (payload, { deps, log }) => {
  const outcome = await checkDeadline(deps, payload);
  log.debug({ ...payload, outcome }, "deadline checked");
});

import { checkCaseDeadline } from "../../../src/cases/jobs.ts";
import { checkDeadline } from "../../../src/services/cases/check-deadline.ts";
import { task } from "../../task.ts";

/** Raises a case's deadline warning or miss when its checkpoint comes (idempotent). */
export const checkDeadlineTask = task(checkCaseDeadline, async (payload, { deps, log }) => {
  const outcome = await checkDeadline(deps, payload);
  log.debug({ ...payload, outcome }, "deadline checked");
});

import { task } from "../../jobs/task.ts";
import { emailStaffMember } from "../email-staff.ts";
import { emailStaff } from "../jobs.ts";

/** fanout.email-staff: tells one person about a staff event by email. */
export const emailStaffTask = task(emailStaff, async ({ eventId, userId }, { deps }) => {
  await emailStaffMember(deps, eventId, userId);
});

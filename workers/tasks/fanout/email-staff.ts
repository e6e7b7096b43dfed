import { emailStaff } from "../../../src/fanout/jobs.ts";
import { emailStaffMember } from "../../../src/services/fanout/email-staff.ts";
import { task } from "../../task.ts";

/** fanout.email-staff: tells one person about a staff event by email. */
export const emailStaffTask = task(emailStaff, async ({ eventId, userId }, { deps }) => {
  await emailStaffMember(deps, eventId, userId);
});

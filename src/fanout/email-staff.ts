import type { Deps } from "../deps.ts";
import { findEvent } from "../events/db.ts";
import { eventTypeLabel } from "../vocabulary/event-types.ts";
import { findUserEmail } from "./db/fanout-subscriptions.ts";
import { render } from "./email-content.ts";

/**
 * Emails one staff member about a staff event. Errors propagate so the queue retries; the
 * job key keeps one job per (event, person).
 */
export async function emailStaffMember(deps: Deps, eventId: string, userId: string) {
  const event = await findEvent(deps.sql, eventId);
  const user = await findUserEmail(deps.sql, userId);
  if (!event || !user?.active) return;
  const data = event.data as {
    title?: string;
    summary?: string;
    caseId?: string;
    case?: { id?: string; title?: string };
  };
  const title = data.title ?? data.case?.title ?? "";
  const caseId = event.caseId ?? data.caseId ?? data.case?.id;
  const heading = `${eventTypeLabel(event.type)}${title ? `：${title}` : ""}`;
  await deps.mailer.send({
    to: user.email,
    subject: `[Chorus] ${heading}`,
    text: render("staff.txt", {
      heading,
      summary: data.summary ?? "",
      url: `${deps.config.publicUrl}/console${caseId ? `/cases/${caseId}` : ""}`,
    }),
  });
}

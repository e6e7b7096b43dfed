import type { Deps } from "../deps.ts";
import { findEvent } from "../events/db.ts";
import { isStaffEnvelope, type StaffEventEnvelope } from "../events/envelope.ts";
import { eventTypeLabel } from "../vocabulary/event-types.ts";
import { findUserEmail } from "./db/fanout-subscriptions.ts";
import { render } from "./email-content.ts";
import { caseFacts, emailTime } from "./email-words.ts";
import { envelopeOf } from "./envelope.ts";

/**
 * Emails one staff member about a staff event. Errors propagate so the queue retries; the
 * job key keeps one job per (event, person).
 */
export async function emailStaffMember(deps: Deps, eventId: string, userId: string) {
  const event = await findEvent(deps.sql, eventId);
  const user = await findUserEmail(deps.sql, userId);
  if (!event || !user?.active) return;
  const env = envelopeOf(event);
  if (!isStaffEnvelope(env)) return;
  const { title, summary, path } = about(env);
  const heading = `${eventTypeLabel(env.type)}${title ? `：${title}` : ""}`;
  await deps.mailer.send({
    to: user.email,
    subject: `[Chorus] ${heading}`,
    text: render("staff.txt", {
      heading,
      summary,
      url: `${deps.config.publicUrl}${path}`,
    }),
  });
}

/**
 * What a staff email names and where it leads: a reviewer opens the revision they decide on
 * (a peer expert may not read the case itself); everyone else opens the case.
 */
export function about(env: StaffEventEnvelope) {
  if (env.type === "review.requested") {
    const { title, summary, revisionId } = env.data;
    return { title, summary, path: `/console/revisions/${revisionId}` };
  }
  const c = env.data.case;
  const due =
    "dueAt" in env.data && env.data.dueAt
      ? `（${env.data.stageLabel}截止 ${emailTime(env.data.dueAt)}）`
      : "";
  return {
    title: c.title,
    summary: `案件 #${c.number}${due}\n${caseFacts(c)}`,
    path: `/console/cases/${c.id}`,
  };
}

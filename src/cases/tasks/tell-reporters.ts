import { findEvent } from "../../events/db.ts";
import { tellReporters } from "../../events/jobs.ts";
import type { RebuttalEventData } from "../../events/rebuttal-data.ts";
import { task } from "../../jobs/task.ts";
import { type FollowerRow, followersToTell, recordNotices } from "../db/follow-up.ts";
import { reporterEmail } from "../reporter-email.ts";

/**
 * Emails each reporter who asked (one email per address per event, however many reports they
 * sent) and records it, so a retried job skips who was told. A failed send retries the job.
 */
export const tellReportersTask = task(tellReporters, async ({ eventId }, { deps }) => {
  const event = await findEvent(deps.sql, eventId);
  if (!event) return;
  const followers = await followersToTell(deps.sql, eventId);
  const byAddress = new Map<string, FollowerRow[]>();
  for (const f of followers) {
    const key = f.email.toLowerCase();
    byAddress.set(key, [...(byAddress.get(key) ?? []), f]);
  }
  for (const group of byAddress.values()) {
    const first = group[0]!;
    const mail = reporterEmail(
      event.type,
      event.data as RebuttalEventData,
      first,
      deps.config.publicUrl,
    );
    await deps.mailer.send(mail);
    await recordNotices(
      deps.sql,
      eventId,
      group.map((f) => f.reportId),
    );
  }
});

import type { StaffCtx } from "../context.ts";
import { findEvent } from "../events/db.ts";
import { AppError } from "../http/errors.ts";
import { eventsOfRebuttals } from "./db/fanout-log.ts";

/**
 * A public event (a publication, update or retraction) as staff see it; 404 when unknown.
 * @example const event = await getPublication(ctx, { eventId });
 */
export async function getPublication({ deps }: StaffCtx, { eventId }: { eventId: string }) {
  const event = await findEvent(deps.sql, eventId);
  if (!event || event.seq === null) throw new AppError("not_found", "消息不存在");
  return { ...event, seq: event.seq, title: publicationTitle(event.data) };
}

/**
 * Every public event of some rebuttals (a case's publications), oldest first.
 * @example const events = await listPublications(ctx, { rebuttalIds });
 */
export async function listPublications(
  { deps }: StaffCtx,
  { rebuttalIds }: { rebuttalIds: string[] },
) {
  const rows = await eventsOfRebuttals(deps.sql, rebuttalIds);
  return rows.map((e) => ({ ...e, title: publicationTitle(e.data) }));
}

function publicationTitle(data: Record<string, unknown>): string {
  return String((data.rebuttal as { title?: string } | undefined)?.title ?? "");
}

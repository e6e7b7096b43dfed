import type { Sql } from "../db/client.ts";
import { enqueue } from "../jobs/define.ts";
import { insertEvent, nextPublicSeq } from "./db.ts";
import { type EventBody, type EventEnvelope, isPublicEvent } from "./envelope.ts";
import { fanoutEvent, tellReporters } from "./jobs.ts";

/** What an event is about, beside its type and data (not part of the envelope). */
export interface EventLinks {
  rebuttalId?: string;
  caseId?: string;
  drill?: boolean;
}

/**
 * Records an event and enqueues its fan-out in the caller's transaction: the event, its seq
 * (public events only, gap-free) and the job that delivers it commit together or not at all.
 * @example const env = await recordEvent(tx, { type: "rebuttal.published", rebuttalId, data });
 */
export async function recordEvent(sql: Sql, e: EventBody & EventLinks): Promise<EventEnvelope> {
  const { rebuttalId, caseId, drill, ...event } = e;
  const seq = isPublicEvent(event.type) ? await nextPublicSeq(sql) : null;
  const row = await insertEvent(sql, { ...event, seq, rebuttalId, caseId, drill: drill ?? false });
  await enqueue(sql, fanoutEvent, { eventId: row.id });
  if (seq !== null && rebuttalId && !drill) await enqueue(sql, tellReporters, { eventId: row.id });
  return { ...event, id: row.id, seq: row.seq, occurredAt: row.occurredAt.toISOString() };
}

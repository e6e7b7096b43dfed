import type { Sql } from "../db/client.ts";
import { enqueue } from "../jobs/define.ts";
import { insertEvent, nextPublicSeq } from "./db.ts";
import { type EventEnvelope, type EventType, isPublicEvent } from "./envelope.ts";
import { fanoutEvent } from "./jobs.ts";

/**
 * Records an event and enqueues its fan-out in the caller's transaction: the event, its seq
 * (public events only, gap-free) and the job that delivers it commit together or not at all.
 * @example const env = await recordEvent(tx, { type: "rebuttal.published", rebuttalId, data });
 */
export async function recordEvent(
  sql: Sql,
  e: {
    type: EventType;
    data: Record<string, unknown>;
    rebuttalId?: string;
    caseId?: string;
    drill?: boolean;
  },
): Promise<EventEnvelope> {
  const seq = isPublicEvent(e.type) ? await nextPublicSeq(sql) : null;
  const row = await insertEvent(sql, { ...e, seq, drill: e.drill ?? false });
  await enqueue(sql, fanoutEvent, { eventId: row.id });
  return {
    id: row.id,
    type: e.type,
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    data: row.data,
  };
}

import type { EventEnvelope, EventType } from "../events/envelope.ts";

/** An `events` row as the db layer returns it. */
export interface EventRow {
  id: string;
  seq: number | null;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/**
 * The one envelope `{ id, type, seq, occurredAt, data }` of an event row; every channel
 * (sockets, webhooks, email, CAP) carries exactly this.
 */
export function envelopeOf(row: EventRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type as EventType,
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    data: row.data,
  };
}

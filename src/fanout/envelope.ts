import {
  type EventEnvelope,
  eventBody,
  isPublicEnvelope,
  type PublicEventEnvelope,
} from "../events/envelope.ts";

/** An `events` row as the db layer returns it (its `data` is parsed by `envelopeOf`). */
export interface EventRow {
  id: string;
  seq: number | null;
  type: string;
  occurredAt: Date;
  data: unknown;
}

/**
 * The one envelope `{ id, type, seq, occurredAt, data }` of an event row; every channel
 * (sockets, webhooks, email, CAP) carries exactly this. The row's type and data are parsed
 * here, at the database boundary: a row that does not fit its type's schema throws.
 * @example const env = envelopeOf(await findEvent(sql, id));
 */
export function envelopeOf(row: EventRow): EventEnvelope {
  const { type, data } = row;
  return {
    ...eventBody.parse({ type, data }),
    id: row.id,
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
  };
}

/** The envelope of a row that must be a public event (deliveries, CAP); a staff event throws. */
export function publicEnvelopeOf(row: EventRow): PublicEventEnvelope {
  const env = envelopeOf(row);
  if (!isPublicEnvelope(env)) throw new Error(`event ${row.id} (${row.type}) is not public`);
  return env;
}

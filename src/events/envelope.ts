import { z } from "zod";
import {
  type EventType,
  eventTypes,
  type PublicEventType,
  publicEventTypes,
  type StaffEventType,
} from "../vocabulary/event-types.ts";
import {
  rebuttalPublishedData,
  rebuttalRetractedData,
  rebuttalUpdatedData,
} from "./rebuttal-data.ts";
import {
  caseAssignedData,
  caseDeadlineData,
  caseOpenedData,
  reviewRequestedData,
} from "./staff-data.ts";

export {
  type EventType,
  type PublicEventType,
  publicEventTypes,
  type StaffEventType,
  staffEventTypes,
} from "../vocabulary/event-types.ts";

/** The `data` schema of each event type; tsc checks the keys against the vocabulary. */
const eventData = {
  "rebuttal.published": rebuttalPublishedData,
  "rebuttal.updated": rebuttalUpdatedData,
  "rebuttal.retracted": rebuttalRetractedData,
  "case.opened": caseOpenedData,
  "case.assigned": caseAssignedData,
  "review.requested": reviewRequestedData,
  "case.deadline_warning": caseDeadlineData,
  "case.deadline_missed": caseDeadlineData,
} satisfies Record<EventType, z.ZodType>;

/** A new event as a publisher records it: `type` and the `data` of that type. */
export type EventBody = {
  [T in EventType]: { type: T; data: z.output<(typeof eventData)[T]> };
}[EventType];

const eventType = z.enum(eventTypes);

/** An event's `type` with its `data`, checked against that type's schema (rows read back from Postgres). */
export const eventBody = {
  parse(raw: { type: unknown; data: unknown }): EventBody {
    const type = eventType.parse(raw.type);
    // tsc cannot tie `type` to `eventData[type]` across the union; the parse does it at run time.
    return { type, data: eventData[type].parse(raw.data) } as EventBody;
  },
};

/**
 * The signed message a public rebuttal event travels with (ADR 0060): `signature` is Ed25519
 * over the UTF-8 bytes of `payload` by the key `kid` of `/.well-known/chorus-keys.json`.
 */
export interface EnvelopeSignature {
  /** The exact signed text: RFC 8785 canonical JSON of the rebuttal as this event left it. */
  payload: string;
  /** base64url */
  signature: string;
  kid: string;
  alg: "Ed25519";
  /** The short verification code people type on the 核验 page. */
  code: string;
  verifyUrl: string;
}

/**
 * The one envelope every channel carries: `{ id, type, seq, occurredAt, data }`, a union by
 * `type` so that `data` is typed per event (narrow with `env.type === …`). Public rebuttal
 * events that Chorus signed also carry `signature` (sockets, webhooks).
 */
export type EventEnvelope = EventBody & {
  id: string;
  /** Grows by one per public event, without gaps; null for staff events. */
  seq: number | null;
  occurredAt: string;
  signature?: EnvelopeSignature;
};
export type PublicEventEnvelope = Extract<EventEnvelope, { type: PublicEventType }>;
export type StaffEventEnvelope = Extract<EventEnvelope, { type: StaffEventType }>;

export function isPublicEvent(type: string): type is PublicEventType {
  return (publicEventTypes as readonly string[]).includes(type);
}

/** Narrows an envelope to a public event (rebuttal.*), whose data carries the rebuttal. */
export function isPublicEnvelope(env: EventEnvelope): env is PublicEventEnvelope {
  return isPublicEvent(env.type);
}

/** Narrows an envelope to a staff event, whose data says whom to notify. */
export function isStaffEnvelope(env: EventEnvelope): env is StaffEventEnvelope {
  return !isPublicEvent(env.type);
}

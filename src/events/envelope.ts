import type { EventType, PublicEventType } from "../vocabulary/event-types.ts";
import { publicEventTypes } from "../vocabulary/event-types.ts";

export {
  type EventType,
  type PublicEventType,
  publicEventTypes,
  type StaffEventType,
  staffEventTypes,
} from "../vocabulary/event-types.ts";

/** The one envelope every channel carries: `{ id, type, seq, occurredAt, data }`. */
export interface EventEnvelope {
  id: string;
  type: EventType;
  /** Grows by one per public event, without gaps; null for staff events. */
  seq: number | null;
  occurredAt: string;
  data: Record<string, unknown>;
}

export function isPublicEvent(type: string): type is PublicEventType {
  return (publicEventTypes as readonly string[]).includes(type);
}

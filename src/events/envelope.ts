export const publicEventTypes = [
  "rebuttal.published",
  "rebuttal.updated",
  "rebuttal.retracted",
] as const;
export const staffEventTypes = [
  "case.opened",
  "case.assigned",
  "review.requested",
  "case.deadline_warning",
  "case.deadline_missed",
] as const;
export type PublicEventType = (typeof publicEventTypes)[number];
export type StaffEventType = (typeof staffEventTypes)[number];
export type EventType = PublicEventType | StaffEventType;

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

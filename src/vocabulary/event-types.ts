/**
 * Event types carried by the one envelope (src/events/envelope.ts): values and Chinese labels.
 * Public events take a gap-free `seq`; staff events do not.
 */
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
export const eventTypes: readonly EventType[] = [...publicEventTypes, ...staffEventTypes];

/** What a person is told an event is: an email heading, a live-feed card. */
export const eventTypeLabels: Record<EventType, string> = {
  "rebuttal.published": "新发布",
  "rebuttal.updated": "内容更新",
  "rebuttal.retracted": "撤回通知",
  "case.opened": "新案件",
  "case.assigned": "您被指派了案件",
  "review.requested": "有稿件等待您审核",
  "case.deadline_warning": "案件即将超时",
  "case.deadline_missed": "案件已超时",
};

/** The Chinese label of an event type, or the type itself when it is not one. */
export function eventTypeLabel(type: string): string {
  return (eventTypeLabels as Record<string, string>)[type] ?? type;
}

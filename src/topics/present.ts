import { topicKindLabels } from "../vocabulary/topic-kinds.ts";
import type { TopicRow } from "./db/topics.ts";
import type { Topic } from "./schemas.ts";

/** Whether a topic is open and within its period at `at` (the home banner shows it). */
export const isActive = (t: TopicRow, at: Date) =>
  t.status === "open" && t.startsAt <= at && (!t.endsAt || t.endsAt > at);

/** The API view of a topic. */
export function presentTopic(t: TopicRow, at: Date, publicUrl: string): Topic {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    kind: t.kind,
    kindLabel: topicKindLabels[t.kind],
    summary: t.summary,
    regions: t.regions,
    categories: t.categories,
    startsAt: t.startsAt.toISOString(),
    endsAt: t.endsAt?.toISOString() ?? null,
    drill: t.drill,
    status: t.status,
    active: isActive(t, at),
    url: `${publicUrl}/topics/${encodeURIComponent(t.slug)}`,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    closedAt: t.closedAt?.toISOString() ?? null,
  };
}

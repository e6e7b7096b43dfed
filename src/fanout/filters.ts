import { z } from "@hono/zod-openapi";
import { type PublicEventType, publicEventTypes } from "../events/envelope.ts";
import { urgencyRange, urgencyScale } from "../vocabulary/urgencies.ts";

/**
 * What a subscriber wants; an empty list means "all". The one schema of the filters: the API
 * validates with it and the delivery path reads stored filters with it.
 */
export const subscriptionFilters = z
  .object({
    categories: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/, "须为分类标识"))
      .max(50)
      .default([]),
    regions: z
      .array(z.string().regex(/^\d{6}$/, "须为 6 位 GB/T 2260 行政区划代码"))
      .max(50)
      .default([]),
    minUrgency: z
      .number()
      .int()
      .min(urgencyRange.min)
      .max(urgencyRange.max)
      .optional()
      .openapi({
        description: `${urgencyScale}: messages at this level or more urgent`,
      }),
    eventTypes: z.array(z.enum(publicEventTypes)).max(publicEventTypes.length).default([]),
    topics: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "须为专题标识"))
      .max(50)
      .optional()
      .openapi({
        description: "Emergency topic slugs (应急专题): messages of any of these topics",
      }),
  })
  .strict()
  .openapi("SubscriptionFilters", {
    description:
      "Empty lists mean all. A region also receives its prefecture's and the province's (460000) messages, and those of places inside it.",
  });
export type SubscriptionFilters = z.output<typeof subscriptionFilters>;

/** What the filters look at in an event. */
export interface EventFacts {
  type: string;
  category: string | null;
  regions: string[];
  urgency: number | null;
  /** Slugs of the emergency topics the message belongs to. */
  topics?: string[];
}

/** parent code of each region code (GB/T 2260 tree); the province has none. */
export type RegionTree = Map<string, string | null>;

function ancestorsOrSelf(code: string, tree: RegionTree): string[] {
  const out: string[] = [];
  let at: string | null | undefined = code;
  while (at && !out.includes(at)) {
    out.push(at);
    at = tree.get(at);
  }
  return out;
}

/**
 * A subscriber for region R receives messages for R, for R's prefecture and the province
 * (ancestors) and for places inside R (descendants) — never for a sibling county.
 */
export function regionMatches(wanted: string[], eventRegions: string[], tree: RegionTree): boolean {
  if (wanted.length === 0) return true;
  return eventRegions.some((e) =>
    wanted.some(
      (w) => ancestorsOrSelf(w, tree).includes(e) || ancestorsOrSelf(e, tree).includes(w),
    ),
  );
}

/** Whether one event passes a subscription's filters. */
export function matchesFilters(f: SubscriptionFilters, e: EventFacts, tree: RegionTree): boolean {
  if (f.eventTypes.length && !f.eventTypes.includes(e.type as PublicEventType)) return false;
  if (f.categories.length && (!e.category || !f.categories.includes(e.category))) return false;
  if (f.minUrgency !== undefined && (e.urgency ?? 4) > f.minUrgency) return false;
  if (f.topics?.length && !(e.topics ?? []).some((t) => f.topics!.includes(t))) return false;
  return regionMatches(f.regions, e.regions, tree);
}

/** The facts of a public event from its `data.rebuttal` (see RebuttalEventData). */
export function eventFacts(type: string, data: Record<string, unknown>): EventFacts {
  const r = (data.rebuttal ?? {}) as Partial<Record<string, unknown>>;
  return {
    type,
    category: typeof r.category === "string" ? r.category : null,
    regions: Array.isArray(r.regions) ? (r.regions as string[]) : [],
    urgency: typeof r.urgency === "number" ? r.urgency : null,
    topics: Array.isArray(r.topics)
      ? (r.topics as { slug?: unknown }[]).flatMap((t) =>
          typeof t.slug === "string" ? [t.slug] : [],
        )
      : [],
  };
}

import { z } from "zod";
import { type PublicEventType, publicEventTypes } from "../events/envelope.ts";

/** What a subscriber wants; an empty list means "all". */
export const subscriptionFilters = z
  .object({
    categories: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/))
      .max(50)
      .default([]),
    regions: z
      .array(z.string().regex(/^\d{6}$/, "须为 6 位 GB/T 2260 行政区划代码"))
      .max(50)
      .default([]),
    /** 1 = 特别重大 … 4 = 一般: a message passes when its urgency is this level or more urgent. */
    minUrgency: z.number().int().min(1).max(4).optional(),
    eventTypes: z.array(z.enum(publicEventTypes)).max(3).default([]),
  })
  .strict();
export type SubscriptionFilters = z.output<typeof subscriptionFilters>;

/** What the filters look at in an event. */
export interface EventFacts {
  type: string;
  category: string | null;
  regions: string[];
  urgency: number | null;
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
  };
}

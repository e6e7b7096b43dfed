import type { Window } from "./db/figures.ts";

export const HOUR = 3_600_000;

const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR);

export interface EffectWindow extends Window {
  /** The hour buckets, oldest first. */
  hours: Date[];
}

/**
 * The hours to show: `before` hours up to the publication's hour and `after` hours from it,
 * never past the current hour; without a publication, the last `before` hours up to now.
 * @example windowAround(publishedAt, now, { before: 48, after: 72 })
 */
export function windowAround(
  publishedAt: Date | null,
  now: Date,
  span: { before: number; after: number },
): EffectWindow {
  const nowEnd = floorHour(now).getTime() + HOUR;
  const anchor = publishedAt ? floorHour(publishedAt).getTime() : nowEnd;
  const from = anchor - span.before * HOUR;
  const to = Math.max(from + HOUR, Math.min(anchor + span.after * HOUR, nowEnd));
  const hours = Array.from({ length: (to - from) / HOUR }, (_, i) => new Date(from + i * HOUR));
  return { from: new Date(from), to: new Date(to), hours };
}

/** What was counted in one hour (rows from the queries, keyed by the hour's start). */
export interface HourCounts {
  reportsBefore: number;
  reportsAfter: number;
  answeredInstantly: number;
  searchesMissed: number;
  searchesLanded: number;
  searchClicks: number;
  views: number;
  helpful: number;
  notHelpful: number;
}

export interface EffectHour extends HourCounts {
  hour: string;
  /** Whether the hour starts before the publication's hour (the publication hour is "after"). */
  phase: "before" | "after";
  reports: number;
  searches: number;
}

const zero: HourCounts = {
  reportsBefore: 0,
  reportsAfter: 0,
  answeredInstantly: 0,
  searchesMissed: 0,
  searchesLanded: 0,
  searchClicks: 0,
  views: 0,
  helpful: 0,
  notHelpful: 0,
};

/** Adds one query's rows into the hour map (hours outside the window are ignored). */
export function addCounts(
  into: Map<number, HourCounts>,
  rows: { hour: Date }[],
  pick: (row: never) => Partial<HourCounts>,
): void {
  for (const row of rows) {
    const at = floorHour(row.hour).getTime();
    const counts = into.get(at);
    if (!counts) continue;
    for (const [k, v] of Object.entries(pick(row as never)) as [keyof HourCounts, number][]) {
      counts[k] += v;
    }
  }
}

/** An empty hour map for the window. */
export const emptyHours = (w: EffectWindow) =>
  new Map(w.hours.map((h) => [h.getTime(), { ...zero }]));

const perHour = (n: number, hours: number) =>
  hours === 0 ? null : Math.round((n / hours) * 100) / 100;

/**
 * The hourly series and the before/after totals. Reports split at the publication moment by
 * their own time; hourly counters (searches) by hour. The instant share is the part of the
 * reports after publication that a rebuttal answered at once; null when there were none.
 */
export function summarize(
  w: EffectWindow,
  counted: Map<number, HourCounts>,
  publishedAt: Date | null,
) {
  const pubHour = publishedAt ? floorHour(publishedAt).getTime() : Number.POSITIVE_INFINITY;
  const hours: EffectHour[] = w.hours.map((h) => {
    const c = counted.get(h.getTime()) ?? zero;
    return {
      hour: h.toISOString(),
      phase: h.getTime() < pubHour ? "before" : "after",
      ...c,
      reports: c.reportsBefore + c.reportsAfter,
      searches: c.searchesMissed + c.searchesLanded,
    };
  });
  const sum = (list: EffectHour[], k: keyof HourCounts | "searches") =>
    list.reduce((n, h) => n + h[k], 0);
  const before = hours.filter((h) => h.phase === "before");
  const after = hours.filter((h) => h.phase === "after");
  const reportsBefore = sum(hours, "reportsBefore");
  const reportsAfter = sum(hours, "reportsAfter");
  const answered = sum(hours, "answeredInstantly");
  return {
    hours,
    before: {
      hours: before.length,
      reports: reportsBefore,
      searches: sum(before, "searches"),
      reportsPerHour: perHour(reportsBefore, before.length),
      searchesPerHour: perHour(sum(before, "searches"), before.length),
    },
    after: {
      hours: after.length,
      reports: reportsAfter,
      searches: sum(after, "searches"),
      reportsPerHour: perHour(reportsAfter, after.length),
      searchesPerHour: perHour(sum(after, "searches"), after.length),
      answeredInstantly: answered,
    },
    views: sum(hours, "views"),
    searchClicks: sum(hours, "searchClicks"),
    helpful: sum(hours, "helpful"),
    notHelpful: sum(hours, "notHelpful"),
    instantAnswerShare:
      publishedAt && reportsAfter > 0 ? Math.round((answered / reportsAfter) * 1000) / 1000 : null,
  };
}

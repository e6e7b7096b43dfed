import type { Sql } from "../db/client.ts";
import { missesAbout } from "./attribute-misses.ts";
import {
  type EffectScope,
  missedSearches,
  rebuttalHours,
  reportHours,
  scopeTexts,
  voteHours,
} from "./db/figures.ts";
import { addCounts, type EffectWindow, emptyHours, summarize } from "./series.ts";

/** Most distinct missed queries compared with a case's texts per request. */
const MAX_QUERIES = 5_000;

/**
 * The effect figures of cases and their rebuttals over a window: reports, searches, views and
 * votes per hour, before and after `publishedAt`. A drill scope never looks at public searches
 * (its rebuttals are never counted either: ADR 0180).
 */
export async function effectFigures(
  sql: Sql,
  scope: EffectScope,
  w: EffectWindow,
  publishedAt: Date | null,
  drill: boolean,
) {
  const [reports, rebuttals, votes, queries, texts] = await Promise.all([
    reportHours(sql, scope, w, publishedAt),
    rebuttalHours(sql, scope.rebuttalIds, w),
    voteHours(sql, scope.rebuttalIds, w),
    drill ? [] : missedSearches(sql, scope.caseIds, w, MAX_QUERIES),
    drill ? [] : scopeTexts(sql, scope),
  ]);
  const counted = emptyHours(w);
  addCounts(counted, reports, (r: (typeof reports)[number]) => ({
    reportsBefore: r.before,
    reportsAfter: r.after,
    answeredInstantly: r.instant,
  }));
  addCounts(counted, rebuttals, (r: (typeof rebuttals)[number]) => ({
    views: r.views,
    searchesLanded: r.searchHits,
    searchClicks: r.searchClicks,
  }));
  addCounts(counted, votes, (r: (typeof votes)[number]) => ({
    helpful: r.helpful,
    notHelpful: r.notHelpful,
  }));
  const misses = missesAbout([...queries], [...texts]).flatMap((q) =>
    q.hours.map((hour, i) => ({ hour, count: q.counts[i]! })),
  );
  addCounts(counted, misses, (m: (typeof misses)[number]) => ({ searchesMissed: m.count }));
  return summarize(w, counted, publishedAt);
}

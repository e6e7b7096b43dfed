import { z } from "zod";
import { matchingSettings } from "../cases/settings.ts";
import type { Deps } from "../deps.ts";
import { validationError } from "../http/errors.ts";
import { normalizeText, shingles } from "../text/normalize.ts";
import { verdicts } from "../vocabulary/verdicts.ts";
import { AnswerCache } from "./cache.ts";
import { type LibraryFilters, recordSearchMiss } from "./db/library.ts";
import { listLatestRebuttals, type RebuttalHitRow } from "./db/library-public.ts";
import { fuseRankings } from "./fuse.ts";
import { highlight } from "./highlight.ts";
import { markMeiliDown, meiliAvailable } from "./meili/availability.ts";
import { meiliRank } from "./meili/query-rebuttals.ts";
import { rankWithIndex } from "./rank.ts";

export const SearchInput = z.object({
  q: z.string().max(10_000).default(""),
  category: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/)
    .optional(),
  verdict: z.enum(verdicts).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
});
export type SearchInput = z.infer<typeof SearchInput>;

export interface SearchHit {
  id: string;
  externalId?: string;
  slug: string;
  claim: string | null;
  title: string;
  summary: string;
  verdict: string | null;
  category: string | null;
  regions: string[];
  publishedAt: string;
  highlight: { claim: string | null; title: string; summary: string };
}

export interface SearchAnswer {
  hits: SearchHit[];
  total: number;
  degraded: boolean;
  /** The first hit answers the same rumour (bigram score ≥ autoMatch); else only related hits. */
  confident: boolean;
}

/** Most ranked candidates a query is paged through (limit and offset are capped below it). */
const RANK_DEPTH = 50;
const caches = new WeakMap<Deps, AnswerCache<Promise<SearchAnswer>>>();

function toHit(r: RebuttalHitRow, terms: Set<string>): SearchHit {
  return {
    id: r.id,
    ...(r.externalId ? { externalId: r.externalId } : {}),
    slug: r.slug,
    claim: r.claim,
    title: r.title,
    summary: r.summary,
    verdict: r.verdict,
    category: r.category,
    regions: r.regions,
    publishedAt: r.publishedAt.toISOString(),
    highlight: {
      claim: r.claim === null ? null : highlight(r.claim, terms),
      title: highlight(r.title, terms),
      summary: highlight(r.summary, terms),
    },
  };
}

/** Above this bigram score, with a clear lead, Meilisearch would not change the answer. */
const CONFIDENT = 0.8;
const CONFIDENT_LEAD = 0.2;

/**
 * Ranked ids for a text: Meilisearch fused with the Postgres bigram source, or Postgres alone
 * when Meilisearch is down (`degraded`) or the bigram source is already sure.
 */
export async function rankRebuttals(deps: Deps, q: string, filters: LibraryFilters) {
  const [{ ranked, byId }, available] = await Promise.all([
    rankWithIndex(deps.sql, q, { ...filters, limit: RANK_DEPTH }),
    meiliAvailable(deps),
  ]);
  const best = ranked[0];
  const answered = best && best.score >= matchingSettings().autoMatch ? best.id : undefined;
  if (!available) return { ids: fuseRankings(ranked, []), byId, degraded: true, answered };
  const second = ranked[1];
  if (best && best.score >= CONFIDENT && best.score - (second?.score ?? 0) >= CONFIDENT_LEAD) {
    return { ids: fuseRankings(ranked, []), byId, degraded: false, answered };
  }
  try {
    const ids = fuseRankings(ranked, await meiliRank(deps, q, filters, 20));
    return { ids, byId, degraded: false, answered };
  } catch (err) {
    markMeiliDown(deps);
    deps.log.warn({ err: String(err) }, "search degraded to Postgres: Meilisearch unavailable");
    return { ids: fuseRankings(ranked, []), byId, degraded: true, answered };
  }
}

/**
 * The public library search: latest rebuttals for an empty query, otherwise Meilisearch and
 * the Postgres bigram source merged; `degraded` when Meilisearch could not answer. Queries
 * that find nothing are counted as search misses.
 * @example const { hits } = await searchRebuttals(deps, SearchInput.parse({ q: "熏醋" }));
 */
export async function searchRebuttals(
  deps: Deps,
  raw: z.input<typeof SearchInput>,
): Promise<SearchAnswer> {
  const parsed = SearchInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  const { limit, offset, q: _q, ...filters } = input;
  const cache = caches.get(deps) ?? new AnswerCache<Promise<SearchAnswer>>();
  caches.set(deps, cache);
  // A hot question repeats word for word: its raw text finds the answer without folding it
  // again (folding a long pasted message costs more than the rest of a cached answer).
  const rawKey = JSON.stringify(["raw", input.q, filters, limit, offset]);
  let norm: string | undefined;
  let key: string | undefined;
  // The promise is cached, so a burst of the same hot question runs the search once.
  let pending = cache.get(rawKey);
  if (!pending) {
    norm = normalizeText(input.q);
    key = JSON.stringify([norm, filters, limit, offset]);
    const folded = cache.get(key);
    pending = folded ?? answerSearch(deps, norm, filters, { limit, offset });
    if (!folded) cache.set(key, pending);
    cache.set(rawKey, pending);
  }
  const forget = () => {
    cache.delete(rawKey);
    if (key) cache.delete(key);
  };
  const answer = await pending.catch((err) => {
    forget();
    throw err;
  });
  if (answer.degraded) forget();
  // No confident answer is a miss too, even with related hits: coordinators see it as a possible new rumour.
  const missed = !answer.confident && offset === 0 && input.q.trim() !== "";
  if (missed) norm ??= normalizeText(input.q);
  if (norm && missed) {
    await recordSearchMiss(deps.sql, norm.slice(0, 500), input.q.trim().slice(0, 500));
  }
  return answer;
}

async function answerSearch(
  deps: Deps,
  norm: string,
  filters: LibraryFilters,
  page: { limit: number; offset: number },
): Promise<SearchAnswer> {
  if (!norm) {
    const { rows, total } = await listLatestRebuttals(deps.sql, filters, page);
    return { hits: rows.map((r) => toHit(r, new Set())), total, degraded: false, confident: true };
  }
  const { ids, byId, degraded, answered } = await rankRebuttals(deps, norm, filters);
  // The confident answer leads, whatever Meilisearch's opinion of the order.
  const live = (answered ? [answered, ...ids.filter((id) => id !== answered)] : ids).filter((id) =>
    byId.has(id),
  );
  const terms = new Set(shingles(norm));
  const hits = live
    .slice(page.offset, page.offset + page.limit)
    .map((id) => toHit(byId.get(id)!.hit, terms));
  return { hits, total: live.length, degraded, confident: answered !== undefined };
}

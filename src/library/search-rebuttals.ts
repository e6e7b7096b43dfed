import type { z } from "zod";
import type { Deps } from "../deps.ts";
import { countSearch } from "../effect/count-search.ts";
import { validationError } from "../http/errors.ts";
import { normalizeText, shingles } from "../text/normalize.ts";
import { isSameRumour } from "./confidence.ts";
import { hitRow } from "./db/candidates.ts";
import type { LibraryFilters } from "./db/library.ts";
import { listLatestRebuttals, type RebuttalHitRow } from "./db/library-public.ts";
import { fuseRankings } from "./fuse.ts";
import { highlight } from "./highlight.ts";
import type { LibraryEngines } from "./retrieve.ts";
import { retrieve } from "./retrieve.ts";
import { type SearchAnswer, type SearchHit, SearchInput } from "./search-answer.ts";

export type { SearchAnswer, SearchHit } from "./search-answer.ts";
export { SearchInput, verdicts } from "./search-answer.ts";

/** Most ranked candidates a query is paged through (limit and offset are capped below it). */
const RANK_DEPTH = 50;

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

/**
 * Ranked ids for a text: the candidates of both engines re-ranked by `matchScore`, with
 * Meilisearch's order fused on; Postgres alone when Meilisearch is down (`degraded`).
 * @example const { ids } = await rankRebuttals(deps, "熏醋能杀死病毒吗", {});
 */
export async function rankRebuttals(deps: Deps, q: string, filters: LibraryFilters) {
  return deps.search.rank(q, filters);
}

/** The door's ranking of folded text (`normalizeText`): fused ids (at most `RANK_DEPTH`) and the hit rows behind them. */
export async function rankForSearch(e: LibraryEngines, norm: string, filters: LibraryFilters) {
  const found = await retrieve(e, norm, filters, { meili: true });
  const best = found.ranked[0];
  const answered = isSameRumour(best) ? best!.id : undefined;
  const fused = fuseRankings(found.ranked, found.meiliIds);
  // The confident answer leads, whatever Meilisearch's opinion of the order.
  const ids = (answered ? [answered, ...fused.filter((id) => id !== answered)] : fused).slice(
    0,
    RANK_DEPTH,
  );
  return { ids, rows: found.rows, degraded: found.degraded, answered };
}

/**
 * The public library search: latest rebuttals for an empty query, otherwise the candidates of
 * Meilisearch and Postgres re-ranked; `degraded` when Meilisearch could not answer. Queries
 * without a confident answer are counted as search misses (`countSearch`).
 * @example const { hits } = await searchRebuttals(deps, { q: "熏醋" });
 */
export async function searchRebuttals(
  deps: Deps,
  raw: z.input<typeof SearchInput>,
): Promise<SearchAnswer> {
  const answer = await deps.search.search(raw);
  countSearch(deps, raw, answer);
  return answer;
}

/** `searchRebuttals` as the door runs it, with its answer cache. */
export async function answerSearch(
  e: LibraryEngines,
  raw: z.input<typeof SearchInput>,
): Promise<SearchAnswer> {
  const parsed = SearchInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const { limit, offset, q, ...filters } = parsed.data;
  const norm = normalizeText(q);
  const key = JSON.stringify([norm, filters, limit, offset]);
  // The promise is cached, so a burst of the same hot question runs the search once.
  let pending = e.cache.get(key);
  if (!pending) {
    pending = answer(e, norm, filters, { limit, offset });
    e.cache.set(key, pending);
  }
  const result = await pending.catch((err) => {
    e.cache.delete(key);
    throw err;
  });
  if (result.degraded) e.cache.delete(key);
  return result;
}

async function answer(
  e: LibraryEngines,
  norm: string,
  filters: LibraryFilters,
  page: { limit: number; offset: number },
): Promise<SearchAnswer> {
  if (!norm) {
    const { rows, total } = await listLatestRebuttals(e.sql, filters, page);
    return { hits: rows.map((r) => toHit(r, new Set())), total, degraded: false, confident: true };
  }
  const { ids, rows, degraded, answered } = await rankForSearch(e, norm, filters);
  const terms = new Set(shingles(norm));
  const hits = ids
    .slice(page.offset, page.offset + page.limit)
    .map((id) => toHit(hitRow(rows.get(id)!), terms));
  return { hits, total: ids.length, degraded, confident: answered !== undefined };
}

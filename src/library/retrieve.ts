import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { normalizeText } from "../text/normalize.ts";
import type { AnswerCache } from "./cache.ts";
import {
  type CandidateLookup,
  type CandidateRow,
  candidatesById,
  sqlCandidates,
} from "./db/candidates.ts";
import type { LibraryFilters } from "./db/library.ts";
import type { Availability } from "./meili/availability.ts";
import type { MeiliHandle } from "./meili/client.ts";
import { MEILI_QUERY_CHARS, meiliCandidates } from "./meili/query-rebuttals.ts";
import { queryGrams } from "./projected-set.ts";
import { normalizedQueryTerms, type QueryTerms } from "./query-terms.ts";
import { projectCandidates, type RankedRebuttal, rankProjected } from "./rank.ts";
import type { SearchAnswer } from "./search-answer.ts";
import { rareTerms, type TermFrequencies, TermStats } from "./term-stats.ts";

/** The engines one search door works on, and the little state it keeps (none per rebuttal). */
export interface LibraryEngines {
  sql: Db;
  log: Logger;
  meili: MeiliHandle;
  availability: Availability;
  termStats: TermStats;
  cache: AnswerCache<Promise<SearchAnswer>>;
}

/** Candidates taken from each engine: a few hundred at most, whatever the library's size. */
// 70 by claim/title/summary, not 100: with content words first the right row is rarely below the
// 70th (ADR 0250), and the fewer rows projected and re-ranked pay for the lookup's wider reach.
// 20 by body, not 40: the same recall on the labelled sets at 296, 20,296 and 100,296 (ADR 0324).
export const LIMITS = { doc: 70, body: 20, meili: 30, pending: 50 } as const;
/** How many rows each Postgres lookup keeps (`LIMITS`' `doc` and `body` unless told). */
export interface LookupLimits {
  readonly doc: number;
  readonly body: number;
}
/**
 * The lookups' limits when only the best candidate matters (intake: is this report a repeat?):
 * half of `LIMITS`' claim/title/summary rows, as many body rows. The right rebuttal of a repeat
 * is near the top of the lookup's order; the rows below only cost projecting and re-ranking
 * (ADR 0324 measures what each cut saves and costs).
 */
export const BEST_ONLY: LookupLimits = { doc: 35, body: LIMITS.body };
/**
 * When Postgres's best candidate is this sure, Meilisearch is not asked (ADR 0255: from 0.6 / 0.2,
 * by `bench/sure-shortcut.ts` on the tuning halves, 296 and 20,296 rebuttals, no set's recall lost).
 */
export const SURE: Sure = { score: 0.4, lead: 0.1 };
/** A best candidate's least score, and its least lead over the next, for Postgres to be sure. */
export interface Sure {
  readonly score: number;
  readonly lead: number;
}
/** Rows the Postgres lookups may touch (estimated), so their cost does not grow with the library. */
export const BUDGET = {
  doc: { budget: 600, min: 2, max: 64 },
  body: { budget: 400, min: 1, max: 32 },
} as const;

/**
 * A question typed in one's own words is this short (hand-written queries: 9 of 10 under 20
 * characters); a longer text is a forward, which holds the rumour's own sentence verbatim and
 * whose content words include its chatter (小区, 门口, 通知).
 */
const QUESTION_CHARS = 40;

/**
 * The bigrams Postgres looks a query up by (`rareTerms`): in claim/title/summary the content
 * words of a question first (ADR 0250); in a forward, and in the body, the rarest (a body holds
 * the rumour's words among many others: preferring them there fetched more rows, found no more).
 * @example const { doc, body } = lookupTerms(queryTerms("吃大蒜真的能防新冠吗"), await termStats.get(sql));
 */
export function lookupTerms(
  query: QueryTerms,
  freq: TermFrequencies,
): { doc: string[]; body: string[] } {
  const prefer =
    query.normalized.length <= QUESTION_CHARS
      ? new Set(query.keywords.flatMap((k) => k.grams))
      : undefined;
  return {
    doc: rareTerms(query.shingles, freq.doc, freq.rows, {
      ...BUDGET.doc,
      prefer,
      rarest: freq.rarest.doc,
    }),
    body: rareTerms(query.shingles, freq.body, freq.rows, {
      ...BUDGET.body,
      rarest: freq.rarest.body,
    }),
  };
}

/**
 * What the Postgres candidate statement looks a query up by: its `lookupTerms` and the gram
 * hashes candidates are projected on (also for `explain` in bench/search-paths.ts). Rows come
 * with what a hit shows unless `display` is false, and keep `limits` (`LIMITS` unless told).
 * @example await sqlCandidates(sql, await candidateLookup(engines, normalizedQueryTerms(norm), {}));
 */
export async function candidateLookup(
  e: Pick<LibraryEngines, "sql" | "termStats">,
  query: QueryTerms,
  filters: LibraryFilters,
  { display = true, limits = LIMITS }: { display?: boolean; limits?: LookupLimits } = {},
): Promise<CandidateLookup> {
  const { doc: rareDoc, body: rareBody } = lookupTerms(query, await e.termStats.get(e.sql));
  return {
    hashes: queryGrams(query).hashes,
    rareDoc,
    rareBody,
    filters,
    docLimit: limits.doc,
    bodyLimit: limits.body,
    pendingLimit: LIMITS.pending,
    display,
  };
}

export interface Retrieved {
  /** Candidates scored by `matchScore`, best first. */
  ranked: RankedRebuttal[];
  /** Meilisearch's order (empty in degraded mode or when not asked). */
  meiliIds: string[];
  /** Every live candidate that passed the filters, by id. */
  rows: Map<string, CandidateRow>;
  /** The query's shingles, for highlighting. */
  terms: Set<string>;
  degraded: boolean;
  /** Which way the search went after the Postgres statement (`bench/search-paths.ts` counts them). */
  route: Route;
}

/**
 * `postgres`: Meilisearch not wanted (the degraded column) or nothing to look up; `sure` /
 * `pasted`: not asked; `meili`: asked (or known down), nothing new found; `by-id`: asked, and a
 * second statement fetched what only it found.
 */
export type Route = "postgres" | "sure" | "pasted" | "meili" | "by-id";

/**
 * Candidates for a text (folded by `normalizeText`) from Postgres (GIN over the bigram hashes,
 * the query's `lookupTerms`), re-ranked by `matchScore`; then, unless `meili` is false, it is
 * down, Postgres's best is already sure (`SURE`) or the text a long paste (`pasted`), from
 * Meilisearch too, those Postgres did not find fetched by id and all re-ranked. `degraded` when Meilisearch was wanted and failed.
 * With `display: false` the rows come without what a hit shows (matching, which shows none);
 * `lookup` narrows Postgres's lookups (`BEST_ONLY`).
 * @example const { ranked } = await retrieve(engines, "熏醋能杀死病毒吗", {}, { meili: true });
 */
export async function retrieve(
  e: LibraryEngines,
  normalized: string,
  filters: LibraryFilters,
  opts: { meili: boolean; sure?: Sure; display?: boolean; lookup?: LookupLimits },
): Promise<Retrieved> {
  const display = opts.display ?? true;
  const query = normalizedQueryTerms(normalized);
  const list = query.shingles;
  const terms = new Set(query.set);
  // Candidates are projected on every gram the scorer asks about: the query's and its content words'.
  const { hashes } = queryGrams(query);
  if (list.length === 0) {
    return { ranked: [], meiliIds: [], rows: new Map(), terms, degraded: false, route: "postgres" };
  }
  const fromSql = await sqlCandidates(
    e.sql,
    await candidateLookup(e, query, filters, { display, limits: opts.lookup }),
  );
  const rows = new Map(fromSql.map((r) => [r.id, r]));
  const projected = projectCandidates(query, [...rows.values()]);
  let ranked = rankProjected(query, projected);
  // Postgres alone is sure: Meilisearch would cost more CPU than the rest of the search and
  // could only reorder what follows a clear answer.
  if (!opts.meili) return { ranked, meiliIds: [], rows, terms, degraded: false, route: "postgres" };
  const skip = sure(ranked, opts.sure ?? SURE) ? "sure" : pasted(normalized) ? "pasted" : undefined;
  if (skip) {
    // Still reported degraded while Meilisearch is known to be down (a cached health check).
    const degraded = !(await e.availability.up());
    return { ranked, meiliIds: [], rows, terms, degraded, route: skip };
  }
  const meili = await askMeili(e, normalized, filters);
  const missing = meili.ids.filter((id) => !rows.has(id));
  if (missing.length > 0) {
    const found = await candidatesById(e.sql, missing, hashes, filters, display);
    for (const r of found) rows.set(r.id, r);
    ranked = rankProjected(query, [...projected, ...projectCandidates(query, found)]);
  }
  return {
    ranked,
    meiliIds: meili.ids.filter((id) => rows.has(id)),
    rows,
    terms,
    degraded: meili.degraded,
    route: missing.length > 0 ? "by-id" : "meili",
  };
}

/**
 * A pasted message longer than Meilisearch reads (`MEILI_QUERY_CHARS`): Postgres has looked it
 * up by up to 96 of its rarest bigrams, Meilisearch would read its opening and ten of them.
 * (Skipping Meilisearch whenever the best is the same rumour was tried too: at 20,000
 * rebuttals it cost recall@3 on typos and paraphrases, where Meilisearch lifts the right
 * rebuttal to second behind a wrong confident one.)
 */
function pasted(normalized: string): boolean {
  return normalized.length > MEILI_QUERY_CHARS;
}

/** The best candidate scores at least `at.score`, ahead of the next by `at.lead`. */
function sure(ranked: RankedRebuttal[], at: Sure): boolean {
  const [best, next] = ranked;
  return !!best && best.score >= at.score && best.score - (next?.score ?? 0) >= at.lead;
}

async function askMeili(
  e: LibraryEngines,
  normalized: string,
  filters: LibraryFilters,
): Promise<{ ids: string[]; degraded: boolean }> {
  if (!(await e.availability.up())) return { ids: [], degraded: true };
  try {
    return {
      ids: await meiliCandidates(e.meili, normalized, filters, LIMITS.meili),
      degraded: false,
    };
  } catch (err) {
    e.availability.markDown();
    e.log.warn({ err: String(err) }, "search degraded to Postgres: Meilisearch unavailable");
    return { ids: [], degraded: true };
  }
}

/**
 * The Postgres candidate source alone, scored (degraded mode, and the relevance benchmark's
 * "Postgres only" column).
 * @example const ranked = await rankByShingles(sql, "熏醋能杀死病毒吗", { limit: 10 });
 */
export async function rankByShingles(
  sql: Db,
  text: string,
  opts: { limit: number } & LibraryFilters,
): Promise<RankedRebuttal[]> {
  const { limit, ...filters } = opts;
  const e = { sql, termStats: new TermStats() } as LibraryEngines;
  return (await retrieve(e, normalizeText(text), filters, { meili: false })).ranked.slice(0, limit);
}

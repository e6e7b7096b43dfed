import type { MultiSearchQuery } from "meilisearch";
import { wellFormed } from "../../text/well-formed.ts";
import type { LibraryFilters } from "../db/library.ts";
import type { MeiliHandle } from "./client.ts";
import { REBUTTAL_INDEX } from "./rebuttal-index.ts";

/** Meilisearch reads only a query's first ten words: a pasted forward is cut to its opening. */
export const MEILI_QUERY_CHARS = 48;
/** Most words Meilisearch reads of a query. */
const MAX_WORDS = 10;
const TIMEOUT_MS = 1000;

/** A filter value as a quoted Meilisearch string literal: user input is never filter syntax. */
function literal(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The Meilisearch filter for validated filter values. */
export function meiliFilter(f: LibraryFilters): string[] {
  const out: string[] = [];
  if (f.category) out.push(`category = ${literal(f.category)}`);
  if (f.verdict) out.push(`verdict = ${literal(f.verdict)}`);
  if (f.region) out.push(`regions = ${literal(f.region)}`);
  return out;
}

/**
 * Ids of rebuttals Meilisearch ranks for a folded text, best first. A short text is asked as
 * it is; a long one (a pasted forward) also as its `rareTerms` (the most telling bigrams, at
 * most ten words, rarest dropped last), both in one multi-search, their hits interleaved.
 * Throws when Meilisearch is not configured, down or slow: the caller degrades to Postgres.
 * @example const ids = await meiliCandidates(meili, "5g 传播病毒", ["5g", "传播"], {}, 30);
 */
export async function meiliCandidates(
  meili: MeiliHandle,
  norm: string,
  rareTerms: string[],
  filters: LibraryFilters,
  limit: number,
): Promise<string[]> {
  if (!meili.client) throw new Error("Meilisearch is not configured");
  const base = {
    indexUid: meili.indexName(REBUTTAL_INDEX),
    limit,
    filter: meiliFilter(filters),
    attributesToRetrieve: ["id"],
  };
  const queries: MultiSearchQuery[] = [
    { ...base, q: wellFormed(norm.slice(0, MEILI_QUERY_CHARS)) },
  ];
  if (norm.length > MEILI_QUERY_CHARS && rareTerms.length) {
    queries.push({
      ...base,
      q: wellFormed(rareTerms.slice(0, MAX_WORDS).join(" ")),
      matchingStrategy: "frequency",
    });
  }
  // Not AbortSignal.timeout: its timer outlives the request and, firing a second later, builds
  // a DOMException with a stack for every search (≈ 1 ms of CPU each in bench/profile-search).
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error("Meilisearch timed out")), TIMEOUT_MS);
  const { results } = await meili.client
    .multiSearch({ queries }, { signal: abort.signal })
    .finally(() => clearTimeout(timer));
  const lists = results.map((r) => r.hits.map((h) => String(h.id)));
  const out = new Set<string>();
  for (let i = 0; i < limit; i++) for (const l of lists) if (l[i]) out.add(l[i]!);
  return [...out];
}

import { wellFormed } from "../../text/well-formed.ts";
import type { LibraryFilters } from "../db/library.ts";
import { canonicalize } from "../synonyms.ts";
import type { MeiliHandle } from "./client.ts";
import { REBUTTAL_INDEX } from "./rebuttal-index.ts";

/** Meilisearch reads only a query's first ten words: a pasted forward is cut to its opening. */
export const MEILI_QUERY_CHARS = 48;
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
 * Ids of rebuttals Meilisearch ranks for a folded text, best first: its first
 * `MEILI_QUERY_CHARS` characters (a longer pasted message is looked up in Postgres alone), with
 * synonyms folded as the documents' are (`toDocument`).
 * Throws when Meilisearch is not configured, down or slow: the caller degrades to Postgres.
 * @example const ids = await meiliCandidates(meili, "5g 传播病毒", {}, 30);
 */
export async function meiliCandidates(
  meili: MeiliHandle,
  norm: string,
  filters: LibraryFilters,
  limit: number,
): Promise<string[]> {
  if (!meili.client) throw new Error("Meilisearch is not configured");
  // Not AbortSignal.timeout: its timer outlives the request and, firing a second later, builds
  // a DOMException with a stack for every search (≈ 1 ms of CPU each in bench/profile-search).
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error("Meilisearch timed out")), TIMEOUT_MS);
  const { hits } = await meili
    .searchIndex<{ hits: { id: unknown }[] }>(
      meili.indexName(REBUTTAL_INDEX),
      {
        q: wellFormed(canonicalize(norm.slice(0, MEILI_QUERY_CHARS))),
        limit,
        filter: meiliFilter(filters),
        attributesToRetrieve: ["id"],
      },
      abort.signal,
    )
    .finally(() => clearTimeout(timer));
  return hits.map((h) => String(h.id));
}

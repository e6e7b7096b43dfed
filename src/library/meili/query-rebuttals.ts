import type { Deps } from "../../deps.ts";
import { normalizeText } from "../../text/normalize.ts";
import type { LibraryFilters } from "../db/library.ts";
import { meili, REBUTTAL_INDEX } from "./rebuttal-index.ts";

/** Meilisearch reads only a query's first words: a pasted forward is cut to its opening. */
const MAX_QUERY_CHARS = 48;
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
 * Ids of rebuttals Meilisearch ranks for the text, best first. Throws when Meilisearch is not
 * configured, down or slow: the caller degrades to Postgres.
 * @example const ids = await meiliRank(deps, "5g 传播病毒", {}, 20);
 */
export async function meiliRank(
  deps: Deps,
  text: string,
  filters: LibraryFilters,
  limit: number,
): Promise<string[]> {
  const q = normalizeText(text).slice(0, MAX_QUERY_CHARS);
  const res = await meili(deps)
    .index(deps.search.indexName(REBUTTAL_INDEX))
    .search(
      q,
      { limit, filter: meiliFilter(filters), attributesToRetrieve: ["id"] },
      { signal: AbortSignal.timeout(TIMEOUT_MS) },
    );
  return res.hits.map((h) => String(h.id));
}

import type { Sql } from "../db/client.ts";
import { normalizeText, shingles } from "../text/normalize.ts";
import { wellFormed } from "../text/well-formed.ts";
import { deleteRebuttalSearch, type RebuttalText, upsertRebuttalSearch } from "./db/library.ts";
import { shingleHashes } from "./shingle-hash.ts";
import { canonicalize } from "./synonyms.ts";

export interface DerivedSearch {
  claimShingles: string[];
  docShingles: string[];
  bodyShingles: string[];
}

// Folding can split a surrogate pair (rare CJK extension characters): such halves cannot be
// stored as text or JSON, so those shingles are dropped.
const unique = (items: string[]) => [...new Set(items)].filter((s) => wellFormed(s) === s);

/** The bigram shingles of a rebuttal's folded texts, as the Postgres candidate source keeps them (hashed). */
export function deriveSearch(r: Omit<RebuttalText, "id">): DerivedSearch {
  const fold = (text: string) => canonicalize(normalizeText(text));
  const claim = fold(r.claim ?? "") || fold(r.title);
  const doc = fold([r.claim ?? "", r.title, r.summary, ...(r.tags ?? [])].join(" \n "));
  return {
    claimShingles: unique(shingles(claim)),
    docShingles: unique(shingles(doc)),
    bodyShingles: unique(shingles(fold(r.bodyMd))),
  };
}

/** A rebuttal's search derivation as its search row keeps it: each shingle set as sorted hashes. */
export interface SearchHashes {
  claim: number[];
  doc: number[];
  body: number[];
}

/** `deriveSearch` as the search row stores it (`shingleHashes`). */
export function deriveSearchHashes(r: Omit<RebuttalText, "id">): SearchHashes {
  const d = deriveSearch(r);
  return {
    claim: shingleHashes(d.claimShingles),
    doc: shingleHashes(d.docShingles),
    body: shingleHashes(d.bodyShingles),
  };
}

/**
 * Writes (or removes, for retracted and drill rows) a rebuttal's search derivation. Call it in
 * the transaction that writes the rebuttal; the index task calls it too, so forgetting is safe.
 * @example await sql.begin((tx) => deriveRebuttalSearch(tx, rebuttalId));
 */
export async function deriveRebuttalSearch(sql: Sql, rebuttalId: string): Promise<void> {
  const [row] = await sql<(RebuttalText & { status: string; drill: boolean })[]>`
    select id, claim, title, summary, body_md, tags, status, drill
    from rebuttals where id = ${rebuttalId}`;
  if (row?.status !== "live" || row.drill) {
    await deleteRebuttalSearch(sql, rebuttalId);
    return;
  }
  await upsertRebuttalSearch(sql, rebuttalId, deriveSearchHashes(row));
}

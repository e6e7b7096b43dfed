import type { Sql } from "./client.ts";

/** The text fields of a rebuttal that search derives from. */
export interface RebuttalText {
  id: string;
  claim: string | null;
  title: string;
  summary: string;
  bodyMd: string;
  tags: string[];
}

/** Inserts or replaces a rebuttal's search derivation. */
export async function upsertRebuttalSearch(
  sql: Sql,
  rebuttalId: string,
  d: { claimShingles: string[]; docShingles: string[]; bodyShingles: string[]; docNorm: string },
): Promise<void> {
  await sql`
    insert into rebuttal_search (rebuttal_id, claim_shingles, doc_shingles, body_shingles, doc_norm)
    values (${rebuttalId}, ${d.claimShingles}, ${d.docShingles}, ${d.bodyShingles}, ${d.docNorm})
    on conflict (rebuttal_id) do update set claim_shingles = excluded.claim_shingles,
      doc_shingles = excluded.doc_shingles, body_shingles = excluded.body_shingles,
      doc_norm = excluded.doc_norm, derived_at = now()`;
}

export async function deleteRebuttalSearch(sql: Sql, rebuttalId: string): Promise<void> {
  await sql`delete from rebuttal_search where rebuttal_id = ${rebuttalId}`;
}

export interface SearchCandidate {
  id: string;
  title: string;
  verdict: string | null;
  claimShingles: string[];
  docShingles: string[];
  bodyShingles: string[];
}

/**
 * Live, non-drill rebuttals sharing shingles with the query, most shared first (GIN `&&`).
 * Optional filters narrow by category, verdict and region.
 */
export async function findShingleCandidates(
  sql: Sql,
  query: string[],
  opts: { limit: number; category?: string; verdict?: string; region?: string },
): Promise<SearchCandidate[]> {
  return sql<SearchCandidate[]>`
    select r.id, r.title, r.verdict, s.claim_shingles, s.doc_shingles, s.body_shingles
    from rebuttal_search s join rebuttals r on r.id = s.rebuttal_id
    where (s.doc_shingles && ${query}::text[] or s.body_shingles && ${query}::text[])
      and r.status = 'live' and not r.drill
      ${opts.category ? sql`and r.category = ${opts.category}` : sql``}
      ${opts.verdict ? sql`and r.verdict = ${opts.verdict}` : sql``}
      ${opts.region ? sql`and ${opts.region} = any(r.regions)` : sql``}
    order by cardinality(array(select unnest(s.doc_shingles) intersect select unnest(${query}::text[]))) * 3
           + cardinality(array(select unnest(s.body_shingles) intersect select unnest(${query}::text[]))) desc
    limit ${opts.limit}`;
}

/** Live rebuttals whose derivation is missing (just written, or text changed): derived on the fly. */
export async function findUnderivedRebuttals(
  sql: Sql,
  limit: number,
): Promise<(RebuttalText & { verdict: string | null })[]> {
  return sql<(RebuttalText & { verdict: string | null })[]>`
    select r.id, r.claim, r.title, r.summary, r.body_md, r.tags, r.verdict
    from rebuttals r
    where r.status = 'live' and not r.drill
      and not exists (select 1 from rebuttal_search s where s.rebuttal_id = r.id)
    order by r.published_at desc
    limit ${limit}`;
}

import type { RebuttalIndexRow } from "../search/rebuttal-index.ts";
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

/** Inserts or replaces a rebuttal's search derivation and its postings. */
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
  await sql`delete from rebuttal_shingles where rebuttal_id = ${rebuttalId}`;
  const all = [...new Set([...d.docShingles, ...d.bodyShingles])];
  await sql`
    insert into rebuttal_shingles (shingle, rebuttal_id, in_doc)
    select s, ${rebuttalId}, s = any(${d.docShingles}::text[]) from unnest(${all}::text[]) as s`;
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
 * Live, non-drill rebuttals sharing shingles with the query, most shared first, from the
 * postings table: the path for a library too large to hold in memory (src/library/shingle-index.ts
 * holds it today; see docs/adr/0040).
 */
export interface LibraryFilters {
  category?: string;
  verdict?: string;
  region?: string;
}

/** The SQL conditions of validated library filters (on alias `r`). */
export const filterSql = (sql: Sql, f: LibraryFilters) => sql`
  ${f.category ? sql`and r.category = ${f.category}` : sql``}
  ${f.verdict ? sql`and r.verdict = ${f.verdict}` : sql``}
  ${f.region ? sql`and ${f.region} = any(r.regions)` : sql``}`;

export async function findShingleCandidates(
  sql: Sql,
  query: string[],
  opts: { limit: number } & LibraryFilters,
): Promise<SearchCandidate[]> {
  return sql<SearchCandidate[]>`
    with hits as (
      select k.rebuttal_id, sum(case when k.in_doc then 3 else 1 end) as weight
      from rebuttal_shingles k where k.shingle = any(${query}::text[])
      group by k.rebuttal_id
    )
    select r.id, r.title, r.verdict, s.claim_shingles, s.doc_shingles, s.body_shingles
    from hits h
    join rebuttal_search s on s.rebuttal_id = h.rebuttal_id
    join rebuttals r on r.id = h.rebuttal_id
    where r.status = 'live' and not r.drill ${filterSql(sql, opts)}
    order by h.weight desc
    limit ${opts.limit}`;
}

const indexColumns = (sql: Sql) => sql`
  r.id, r.slug, r.claim, r.title, r.summary, r.tags, r.body_md, r.category, r.verdict,
  r.regions, r.status, r.kind, r.published_at, r.drill`;

/** One rebuttal as the search index needs it (any status), or undefined. */
export async function getRebuttalForIndex(sql: Sql, id: string) {
  const [row] = await sql<(RebuttalIndexRow & { drill: boolean })[]>`
    select ${indexColumns(sql)} from rebuttals r where r.id = ${id}`;
  return row;
}

/** Live, non-drill rebuttals in id order after `afterId`, a page at a time (reindex). */
export async function pageLiveRebuttals(sql: Sql, afterId: string | null, size: number) {
  return sql<RebuttalIndexRow[]>`
    select ${indexColumns(sql)} from rebuttals r
    where r.status = 'live' and not r.drill ${afterId ? sql`and r.id > ${afterId}` : sql``}
    order by r.id limit ${size}`;
}

export async function countLiveRebuttals(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from rebuttals where status = 'live' and not drill`;
  return row?.n ?? 0;
}

/** Counts one public search that found nothing, by its normalised text. */
export async function recordSearchMiss(sql: Sql, queryNorm: string, sample: string) {
  await sql`
    insert into search_misses (query_norm, sample) values (${queryNorm}, ${sample})
    on conflict (query_norm) do update set count = search_misses.count + 1, last_at = now()`;
}

/** Search misses, busiest first. */
export async function listSearchMisses(sql: Sql, page: { limit: number; offset: number }) {
  return sql<
    {
      queryNorm: string;
      sample: string;
      count: number;
      firstAt: Date;
      lastAt: Date;
      caseId: string | null;
    }[]
  >`select query_norm, sample, count, first_at, last_at, case_id from search_misses
    order by count desc, last_at desc limit ${page.limit} offset ${page.offset}`;
}

/** A cheap fingerprint of everything search derives from: it changes when any rebuttal does. */
export async function libraryVersion(sql: Sql): Promise<string> {
  const [row] = await sql<{ v: string }[]>`
    select concat_ws('|', count(*), count(*) filter (where status = 'live' and not drill),
      max(updated_at), max(retracted_at), max(published_at),
      (select count(*) from rebuttal_search), (select max(derived_at) from rebuttal_search)) as v
    from rebuttals`;
  return row?.v ?? "";
}

/** Every live, non-drill rebuttal with its derivation (null when not derived yet). */
export async function loadSearchEntries(sql: Sql) {
  return sql<
    (RebuttalText & {
      verdict: string | null;
      category: string | null;
      regions: string[];
      slug: string;
      externalId: string | null;
      publishedAt: Date;
      claimShingles: string[] | null;
      docShingles: string[] | null;
      bodyShingles: string[] | null;
    })[]
  >`select r.id, r.claim, r.title, r.summary, r.body_md, r.tags, r.verdict, r.category, r.regions,
      r.slug, r.external_id, r.published_at, s.claim_shingles, s.doc_shingles, s.body_shingles
    from rebuttals r left join rebuttal_search s on s.rebuttal_id = r.id
    where r.status = 'live' and not r.drill`;
}

import type { Sql } from "../../db/client.ts";
import { filterSql, type LibraryFilters } from "./library.ts";
import type { RebuttalHitRow } from "./library-public.ts";

/**
 * A candidate rebuttal as the re-ranker sees it: what a hit shows, and its shingle sets
 * projected on the query (the shared shingles and each set's full size), computed in Postgres
 * so that no whole shingle array crosses the wire. Rows whose derivation was invalidated by a
 * text change come with their text instead (`derived: false`), to be derived on the fly.
 */
export interface CandidateRow extends RebuttalHitRow {
  derived: boolean;
  claimN: number;
  docN: number;
  bodyN: number;
  claimHit: string[];
  docHit: string[];
  bodyHit: string[];
  bodyMd: string | null;
  tags: string[] | null;
}

const projection = (sql: Sql, terms: string[]) => sql`
  r.id, r.external_id, r.slug, r.claim, r.title, r.summary, r.verdict, r.category, r.regions,
  r.published_at, s.rebuttal_id is not null as derived,
  coalesce(cardinality(s.claim_shingles), 0) as claim_n,
  coalesce(cardinality(s.doc_shingles), 0) as doc_n,
  coalesce(cardinality(s.body_shingles), 0) as body_n,
  array(select unnest(s.claim_shingles) intersect select unnest(${terms}::text[])) as claim_hit,
  array(select unnest(s.doc_shingles) intersect select unnest(${terms}::text[])) as doc_hit,
  array(select unnest(s.body_shingles) intersect select unnest(${terms}::text[])) as body_hit,
  case when s.rebuttal_id is null then r.body_md end as body_md,
  case when s.rebuttal_id is null then r.tags end as tags`;

/**
 * Live rebuttals sharing the query's rare bigrams (GIN `@>` on the claim/title/summary and on
 * the body arrays, one lookup per bigram), those holding most of them first (claim/title weighing 3), projected on
 * all the query's `terms`.
 * @example await sqlCandidates(sql, { terms, rareDoc, rareBody, filters: {}, docLimit: 100, bodyLimit: 40 });
 */
export async function sqlCandidates(
  sql: Sql,
  q: {
    terms: string[];
    rareDoc: string[];
    rareBody: string[];
    filters: LibraryFilters;
    docLimit: number;
    bodyLimit: number;
  },
): Promise<CandidateRow[]> {
  const live = sql`r.status = 'live' and not r.drill ${filterSql(sql, q.filters)}`;
  // The GIN lookups run first (materialized), whatever the planner believes of the tables'
  // sizes: after a bulk import its statistics can be stale, and a scan of every live rebuttal
  // probing its search row costs seconds at 20,000. Rows are weighed by one index lookup per
  // rare bigram (the GIN answers `@>` exactly), never by reading a row's arrays: a body's array
  // is compressed out of line, and unpacking and scanning it for every row sharing a bigram was
  // most of a search's time.
  return sql<CandidateRow[]>`
    with d as materialized (
      select s.rebuttal_id as id, 3 * count(*) as w
      from unnest(${q.rareDoc}::text[]) t
      join rebuttal_search s on s.doc_shingles @> array[t]
      group by s.rebuttal_id
    ), b as materialized (
      select s.rebuttal_id as id, count(*) as w
      from unnest(${q.rareBody}::text[]) t
      join rebuttal_search s on s.body_shingles @> array[t]
      group by s.rebuttal_id
    ), hits as (
      (select d.id, d.w from d join rebuttals r on r.id = d.id where ${live}
        order by d.w desc limit ${q.docLimit})
      union all
      (select b.id, b.w from b join rebuttals r on r.id = b.id where ${live}
        order by b.w desc limit ${q.bodyLimit})
    ), best as (select id, sum(w) as w from hits group by id)
    select ${projection(sql, q.terms)}
    from best join rebuttals r on r.id = best.id
    left join rebuttal_search s on s.rebuttal_id = r.id
    order by best.w desc`;
}

/** The live rebuttals among `ids` (from Meilisearch) that pass the filters, projected on `terms`. */
export async function candidatesById(
  sql: Sql,
  ids: string[],
  terms: string[],
  filters: LibraryFilters,
): Promise<CandidateRow[]> {
  if (ids.length === 0) return [];
  return sql<CandidateRow[]>`
    select ${projection(sql, terms)}
    from rebuttals r left join rebuttal_search s on s.rebuttal_id = r.id
    where r.id = any(${ids}::uuid[]) and r.status = 'live' and not r.drill
      ${filterSql(sql, filters)}`;
}

/**
 * Live rebuttals whose search rows are not derived yet (migration 0080), newest first, with
 * their text to derive on the fly: findable from the moment they commit.
 */
export async function pendingCandidates(
  sql: Sql,
  filters: LibraryFilters,
  limit: number,
): Promise<CandidateRow[]> {
  return sql<CandidateRow[]>`
    select ${projection(sql, [])}
    from rebuttal_search_pending p join rebuttals r on r.id = p.rebuttal_id
    left join rebuttal_search s on s.rebuttal_id = r.id
    where r.status = 'live' and not r.drill ${filterSql(sql, filters)}
    order by p.since desc limit ${limit}`;
}

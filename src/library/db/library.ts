import type { Db, Sql } from "../../db/client.ts";
import type { SearchHashes } from "../derive.ts";
import type { RebuttalIndexRow } from "../meili/rebuttal-index.ts";

/** The text fields of a rebuttal that search derives from. */
export interface RebuttalText {
  id: string;
  claim: string | null;
  title: string;
  summary: string;
  bodyMd: string;
  tags: string[];
}

/** A rebuttal's search derivation as a row of `rebuttal_search`. */
function searchRow(rebuttalId: string, h: SearchHashes) {
  return { rebuttal_id: rebuttalId, claim_h: h.claim, doc_h: h.doc, body_h: h.body };
}

/** Inserts or replaces a rebuttal's search derivation. */
export async function upsertRebuttalSearch(
  sql: Sql,
  rebuttalId: string,
  hashes: SearchHashes,
): Promise<void> {
  await upsertRebuttalSearchBatch(sql, [{ rebuttalId, hashes }]);
}

export async function deleteRebuttalSearch(sql: Sql, rebuttalId: string): Promise<void> {
  await sql`delete from rebuttal_search where rebuttal_id = ${rebuttalId}`;
}

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

const indexColumns = (sql: Sql) => sql`
  r.id, r.slug, r.claim, r.title, r.summary, r.tags, r.body_md, r.category, r.verdict,
  r.regions, r.status, r.kind, r.published_at, r.drill`;

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

/** Public searches that found no confident answer, as one node counted them between two writes. */
export interface SearchMissRows {
  queryNorm: string;
  /** The words of one of them, as typed (the first seen). */
  sample: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
}

/**
 * Adds counted search misses to `search_misses` in one statement, in key order (two nodes
 * writing at once cannot deadlock); a query already listed keeps its sample and first time.
 * Keys that arrive as one text (two differing only in what Postgres cannot store) are summed.
 * @example await writeSearchMisses(sql, [{ queryNorm: "喝醋能治流感吗", sample: "喝醋能治流感吗？", count: 3, firstAt, lastAt }]);
 */
export async function writeSearchMisses(sql: Sql, rows: SearchMissRows[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into search_misses as m (query_norm, sample, count, first_at, last_at)
    select q, min(sample), sum(n), min(first_at), max(last_at)
    from unnest(${rows.map((r) => r.queryNorm)}::text[], ${rows.map((r) => r.sample)}::text[],
                ${rows.map((r) => r.count)}::int[],
                ${rows.map((r) => r.firstAt.toISOString())}::timestamptz[],
                ${rows.map((r) => r.lastAt.toISOString())}::timestamptz[])
           as x (q, sample, n, first_at, last_at)
    group by q
    order by q
    on conflict (query_norm) do update set count = m.count + excluded.count,
      last_at = greatest(m.last_at, excluded.last_at)`;
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

/** Writes many rebuttals' search derivations in one statement (import, reindex, index task). */
export async function upsertRebuttalSearchBatch(
  sql: Sql,
  rows: { rebuttalId: string; hashes: SearchHashes }[],
): Promise<void> {
  if (rows.length === 0) return;
  const json = rows.map((r) => searchRow(r.rebuttalId, r.hashes));
  await sql`
    insert into rebuttal_search (rebuttal_id, claim_h, doc_h, body_h)
    select * from jsonb_to_recordset(${sql.json(json as never)}::jsonb) as x(rebuttal_id uuid,
      claim_h int4[], doc_h int4[], body_h int4[])
    on conflict (rebuttal_id) do update set claim_h = excluded.claim_h, doc_h = excluded.doc_h,
      body_h = excluded.body_h, derived_at = now()`;
}

/** Removes the search derivations of these rebuttals. */
export async function deleteRebuttalSearchBatch(sql: Sql, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`delete from rebuttal_search where rebuttal_id = any(${ids}::uuid[])`;
}

/** Rebuttals by id as the search index needs them (any status). */
/**
 * Makes indexing runs that share a rebuttal take turns until the caller's transaction ends.
 * Ids share 1,024 locks (a batch of thousands takes at most that many), taken in one order.
 */
export async function lockIndexing(tx: Sql, ids: string[]) {
  await tx`
    select pg_advisory_xact_lock(hashtext('library:index'), k)
    from (select distinct hashtext(id::text) & 1023 as k from unnest(${ids}::uuid[]) id order by 1) s`;
}

export async function getRebuttalsForIndex(sql: Sql, ids: string[]) {
  return sql<(RebuttalIndexRow & { drill: boolean })[]>`
    select ${indexColumns(sql)} from rebuttals r where r.id = any(${ids}::uuid[])`;
}

/** The tables an import writes: the rebuttals, their versions, search rows, signatures, audit. */
export const IMPORTED_TABLES = [
  "rebuttals",
  "rebuttal_search",
  "rebuttal_versions",
  "rebuttal_signatures",
  "audit_log",
] as const;

/**
 * After a bulk write (an import, a reindex): vacuums and analyses `tables`, so autovacuum does not
 * do it minutes later under the first searches and reports (ADR 0327). Their pages become
 * all-visible, the dead rows a rewrite left are removed, and the planner's statistics, the
 * common-bigram frequencies among them, are refreshed. The GIN indexes' pending entries are merged
 * first by `mergePendingLists`, which the callers run before. Not in a transaction (`Db`: VACUUM
 * cannot run in one).
 */
export async function settleBulkWrite(
  sql: Db,
  tables: readonly [string, ...string[]],
): Promise<void> {
  // postgres.js writes an array of strings here as quoted names: "rebuttals","rebuttal_search".
  // At least one: `vacuum` of none would vacuum the whole database.
  await sql`vacuum (analyze) ${sql(tables)}`;
}

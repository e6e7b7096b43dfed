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

const filterSql = (sql: Sql, f: LibraryFilters) => sql`
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

/** A rebuttal as a search hit shows it. */
export interface RebuttalHitRow {
  id: string;
  externalId: string | null;
  slug: string;
  claim: string | null;
  title: string;
  summary: string;
  verdict: string | null;
  category: string | null;
  regions: string[];
  publishedAt: Date;
}

const hitColumns = (sql: Sql) => sql`
  r.id, r.external_id, r.slug, r.claim, r.title, r.summary, r.verdict, r.category, r.regions,
  r.published_at`;

/** The latest live rebuttals (newest first) with the filters, and how many there are. */
export async function listLatestRebuttals(
  sql: Sql,
  filters: LibraryFilters,
  page: { limit: number; offset: number },
): Promise<{ rows: RebuttalHitRow[]; total: number }> {
  const where = sql`where r.status = 'live' and not r.drill ${filterSql(sql, filters)}`;
  const [rows, [count]] = await Promise.all([
    sql<RebuttalHitRow[]>`select ${hitColumns(sql)} from rebuttals r ${where}
      order by r.published_at desc, r.id limit ${page.limit} offset ${page.offset}`,
    sql<{ n: number }[]>`select count(*)::int as n from rebuttals r ${where}`,
  ]);
  return { rows, total: count?.n ?? 0 };
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

/** The whole public rebuttal by id or slug (drills excluded), with its co-signers and history. */
export async function getPublicRebuttal(sql: Sql, idOrSlug: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  const [row] = await sql<PublicRebuttalRow[]>`
    select r.id, r.external_id, r.slug, r.kind, r.claim, r.verdict, r.title, r.summary,
      r.body_html, r.sources, r.tags, r.category, c.name as category_name, r.regions, r.urgency,
      r.status, r.imported, r.version, r.published_at, r.updated_at, r.retracted_at,
      r.retraction_reason
    from rebuttals r left join categories c on c.slug = r.category
    where ${isUuid ? sql`r.id = ${idOrSlug}` : sql`r.slug = ${idOrSlug}`} and not r.drill`;
  if (!row) return undefined;
  const [coSigners, history, regions] = await Promise.all([
    sql<{ id: string; name: string; kind: string }[]>`
      select o.id, o.name, o.kind from rebuttals r
      join organisations o on o.id = any(r.co_signer_org_ids)
      where r.id = ${row.id} order by array_position(r.co_signer_org_ids, o.id)`,
    sql<
      {
        version: number;
        title: string;
        summary: string;
        verdict: string | null;
        publishedAt: Date;
        note: string;
      }[]
    >`
      select version, title, summary, verdict, published_at, note from rebuttal_versions
      where rebuttal_id = ${row.id} order by version desc`,
    sql<{ code: string; name: string }[]>`
      select code, name from regions where code = any(${row.regions}::text[]) order by code`,
  ]);
  return { ...row, coSigners, history, regionNames: regions };
}

export interface PublicRebuttalRow {
  id: string;
  externalId: string | null;
  slug: string;
  kind: string;
  claim: string | null;
  verdict: string | null;
  title: string;
  summary: string;
  bodyHtml: string;
  sources: { title: string; url: string }[];
  tags: string[];
  category: string | null;
  categoryName: string | null;
  regions: string[];
  urgency: number | null;
  status: "live" | "retracted";
  imported: boolean;
  version: number;
  publishedAt: Date;
  updatedAt: Date;
  retractedAt: Date | null;
  retractionReason: string | null;
}

/** A rebuttal as an import (or the starter library) writes it. */
export interface LibraryItem {
  externalId: string;
  slug: string;
  kind: string;
  claim: string;
  verdict: string;
  title: string;
  summary: string;
  bodyMd: string;
  bodyHtml: string;
  sources: { title: string; url: string }[];
  tags: string[];
  category: string | null;
  regions: string[];
  publishedAt: Date;
  imported: boolean;
}

/** The id and content fingerprint of the rebuttal with this external id, if any. */
export async function findByExternalId(sql: Sql, externalId: string) {
  const [row] = await sql<{ id: string; fingerprint: string }[]>`
    select id, md5(concat_ws('|', claim, verdict, title, summary, body_md, sources::text,
      tags::text, category, regions::text, kind)) as fingerprint
    from rebuttals where external_id = ${externalId}`;
  return row;
}

/** Inserts a library item; returns its id. */
export async function insertLibraryItem(sql: Sql, i: LibraryItem): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into rebuttals (slug, external_id, kind, claim, verdict, title, summary, body_md,
      body_html, sources, tags, category, regions, imported, published_at, updated_at)
    values (${i.slug}, ${i.externalId}, ${i.kind}, ${i.claim}, ${i.verdict}, ${i.title},
      ${i.summary}, ${i.bodyMd}, ${i.bodyHtml}, ${sql.json(i.sources)}, ${i.tags}, ${i.category},
      ${i.regions}, ${i.imported}, ${i.publishedAt}, ${i.publishedAt})
    returning id`;
  await sql`insert into rebuttal_versions (rebuttal_id, version, title, summary, verdict, body_html, published_at, note)
    values (${row!.id}, 1, ${i.title}, ${i.summary}, ${i.verdict}, ${i.bodyHtml}, ${i.publishedAt}, ${i.imported ? "导入" : "首次发布"})`;
  return row!.id;
}

/** Replaces an imported item's content, as a new version. */
export async function updateLibraryItem(sql: Sql, id: string, i: LibraryItem): Promise<void> {
  const [row] = await sql<{ version: number }[]>`
    update rebuttals set kind = ${i.kind}, claim = ${i.claim}, verdict = ${i.verdict},
      title = ${i.title}, summary = ${i.summary}, body_md = ${i.bodyMd}, body_html = ${i.bodyHtml},
      sources = ${sql.json(i.sources)}, tags = ${i.tags}, category = ${i.category},
      regions = ${i.regions}, version = version + 1, updated_at = now()
    where id = ${id} returning version`;
  await sql`insert into rebuttal_versions (rebuttal_id, version, title, summary, verdict, body_html, note)
    values (${id}, ${row!.version}, ${i.title}, ${i.summary}, ${i.verdict}, ${i.bodyHtml}, '导入更新')`;
}

/** Category slugs and region codes that exist, to check imported items against. */
export async function referenceCodes(sql: Sql) {
  const [categories, regions] = await Promise.all([
    sql<{ slug: string }[]>`select slug from categories`,
    sql<{ code: string }[]>`select code from regions`,
  ]);
  return {
    categories: new Set(categories.map((c) => c.slug)),
    regions: new Set(regions.map((r) => r.code)),
  };
}

/** The most recently changed public rebuttals (retractions included, so readers see them). */
export async function listFeedItems(sql: Sql, limit: number) {
  return sql<
    {
      id: string;
      slug: string;
      title: string;
      summary: string;
      claim: string | null;
      verdict: string | null;
      bodyHtml: string;
      category: string | null;
      publishedAt: Date;
      updatedAt: Date;
      status: "live" | "retracted";
    }[]
  >`select id, slug, title, summary, claim, verdict, body_html, category, published_at, status,
      greatest(updated_at, retracted_at) as updated_at
    from rebuttals where not drill
    order by greatest(updated_at, retracted_at) desc, id limit ${limit}`;
}

/** Every public rebuttal page (live and retracted, never drills), for the sitemap. */
export async function listSitemapEntries(sql: Sql) {
  return sql<{ slug: string; updatedAt: Date }[]>`
    select slug, updated_at from rebuttals where not drill order by published_at desc limit 50000`;
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

/** The name of a category or region a public list page shows, or undefined if unknown. */
export async function listName(sql: Sql, f: { category?: string; region?: string }) {
  const [row] = f.category
    ? await sql<{ name: string }[]>`select name from categories where slug = ${f.category}`
    : await sql<{ name: string }[]>`select name from regions where code = ${f.region ?? ""}`;
  return row?.name;
}

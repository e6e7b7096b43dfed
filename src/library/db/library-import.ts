import type { Db, Sql } from "../../db/client.ts";

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

/** What an import learns of a rebuttal it wrote: enough to index it without reading it back. */
export interface WrittenItem {
  id: string;
  externalId: string;
  slug: string;
  status: string;
  drill: boolean;
  publishedAt: Date;
}

/** An item's content as the statements below receive it (one JSON array for a whole batch). */
const contentJson = (i: LibraryItem) => ({
  external_id: i.externalId,
  kind: i.kind,
  claim: i.claim,
  verdict: i.verdict,
  title: i.title,
  summary: i.summary,
  body_md: i.bodyMd,
  body_html: i.bodyHtml,
  sources: i.sources,
  tags: i.tags,
  category: i.category,
  regions: i.regions,
});

/**
 * Replaces the content of imported items (id known) as new versions, in one statement.
 * @example await updateLibraryItems(tx, [{ id, item }]);
 */
export async function updateLibraryItems(
  sql: Sql,
  rows: { id: string; item: LibraryItem }[],
): Promise<WrittenItem[]> {
  if (rows.length === 0) return [];
  const json = rows.map((r) => ({ id: r.id, ...contentJson(r.item) }));
  return sql<WrittenItem[]>`
    with x as (
      select * from jsonb_to_recordset(${sql.json(json as never)}::jsonb) as x(id uuid, kind text,
        claim text, verdict text, title text, summary text, body_md text, body_html text,
        sources jsonb, tags text[], category text, regions text[])
    ), changed as (
      update rebuttals r set kind = x.kind, claim = x.claim, verdict = x.verdict, title = x.title,
        summary = x.summary, body_md = x.body_md, body_html = x.body_html, sources = x.sources,
        tags = x.tags, category = x.category, regions = x.regions, version = r.version + 1,
        updated_at = now()
      from x where r.id = x.id
      returning r.id, r.external_id, r.slug, r.status, r.drill, r.published_at, r.version, r.title,
        r.summary, r.verdict, r.body_html
    ), versions as (
      insert into rebuttal_versions (rebuttal_id, version, title, summary, verdict, body_html, note)
      select id, version, title, summary, verdict, body_html, '导入更新' from changed
    )
    select id, external_id, slug, status, drill, published_at from changed`;
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

/** Ids of the rebuttals with these external ids. */
export async function findByExternalIds(sql: Sql, externalIds: string[]) {
  return sql<{ id: string; externalId: string }[]>`
    select id, external_id from rebuttals where external_id = any(${externalIds}::text[])`;
}

/**
 * The external ids among these items whose stored rebuttal has exactly this content (one
 * statement for a batch: a re-run of the same file does no per-item work).
 */
export async function unchangedExternalIds(sql: Sql, items: LibraryItem[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const json = items.map(contentJson);
  const rows = await sql<{ externalId: string }[]>`
    select r.external_id from jsonb_to_recordset(${sql.json(json as never)}::jsonb) as x(
        external_id text, kind text, claim text, verdict text, title text, summary text,
        body_md text, sources jsonb, tags text[], category text, regions text[])
      join rebuttals r on r.external_id = x.external_id
    where (r.claim, r.verdict, r.title, r.summary, r.body_md, r.sources, r.tags, r.category,
        r.regions, r.kind)
      is not distinct from (x.claim, x.verdict, x.title, x.summary, x.body_md, x.sources, x.tags,
        x.category, x.regions, x.kind)`;
  return new Set(rows.map((r) => r.externalId));
}

/** Inserts many library items and their first versions in two statements; returns their ids. */
export async function insertLibraryItems(sql: Sql, items: LibraryItem[]): Promise<WrittenItem[]> {
  if (items.length === 0) return [];
  const json = items.map((i) => ({
    slug: i.slug,
    ...contentJson(i),
    imported: i.imported,
    published_at: i.publishedAt.toISOString(),
    note: i.imported ? "导入" : "首次发布",
  }));
  return sql<WrittenItem[]>`
    with x as (
      select * from jsonb_to_recordset(${sql.json(json as never)}::jsonb) as x(slug text,
        external_id text, kind text, claim text, verdict text, title text, summary text,
        body_md text, body_html text, sources jsonb, tags text[], category text, regions text[],
        imported boolean, published_at timestamptz, note text)
    ), added as (
      insert into rebuttals (slug, external_id, kind, claim, verdict, title, summary, body_md,
        body_html, sources, tags, category, regions, imported, published_at, updated_at)
      select slug, external_id, kind, claim, verdict, title, summary, body_md, body_html,
        sources, tags, category, regions, imported, published_at, published_at from x
      returning id, external_id, title, summary, verdict, body_html, published_at, status, drill, slug
    ), versions as (
      insert into rebuttal_versions (rebuttal_id, version, title, summary, verdict, body_html,
        published_at, note)
      select a.id, 1, a.title, a.summary, a.verdict, a.body_html, a.published_at, x.note
      from added a join x on x.external_id = a.external_id
    )
    select id, external_id, slug, status, drill, published_at from added`;
}

/**
 * A bulk writer's GIN pending lists (kB) and the memory that merges them: a batch's search rows
 * merge in a few large passes instead of one per 256 kB (ADR 0245).
 */
const PENDING_KB = 32 * 1024;
const MERGE_KB = 64 * 1024;

/**
 * Lets the search rows an import writes in this transaction gather in the GIN indexes' pending
 * lists up to `pendingKb` (every other session keeps 256 kB, migration 0245), merged with
 * `workKb` of memory: fewer, larger merges. Searches scan the longer list until the import ends.
 */
export async function growPendingLists(tx: Sql, pendingKb = PENDING_KB, workKb = MERGE_KB) {
  await tx`select set_config('gin_pending_list_limit', ${String(pendingKb)}, true),
    set_config('work_mem', ${`${workKb}kB`}, true)`;
}

/** Merges the library GIN indexes' pending lists into the indexes (once, after an import). */
export async function mergePendingLists(sql: Db, workKb = MERGE_KB) {
  await sql.begin(async (tx) => {
    await tx`select set_config('maintenance_work_mem', ${`${workKb}kB`}, true)`;
    await tx`select gin_clean_pending_list(i::regclass)
      from unnest(array['rebuttal_search_doc_h_idx', 'rebuttal_search_body_h_idx']) i`;
  });
}

/**
 * The transaction's id as a row's `xmin` reads it (32 bits): a row whose `xmin` still reads so
 * is the version this transaction wrote.
 */
export async function writerXid(tx: Sql): Promise<string> {
  const [row] = await tx<{ xid: string }[]>`
    select (pg_current_xact_id()::text::bigint % 4294967296)::text as xid`;
  return row!.xid;
}

/**
 * Of rebuttals written by the transactions `xid`, those changed (or deleted) since: any later
 * write, a publication's or a report count's, gives the row a new `xmin`.
 */
export async function changedSinceWritten(
  sql: Sql,
  written: { id: string; xid: string }[],
): Promise<string[]> {
  if (written.length === 0) return [];
  const rows = await sql<{ id: string }[]>`
    select x.id from unnest(${written.map((w) => w.id)}::uuid[], ${written.map((w) => w.xid)}::text[])
      as x(id, xid)
      left join rebuttals r on r.id = x.id
    where r.id is null or r.xmin::text <> x.xid`;
  return rows.map((r) => r.id);
}

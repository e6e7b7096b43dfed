import type { Sql } from "../../db/client.ts";

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

/** Ids and content fingerprints of the rebuttals with these external ids. */
export async function findByExternalIds(sql: Sql, externalIds: string[]) {
  return sql<{ id: string; externalId: string; fingerprint: string }[]>`
    select id, external_id, md5(concat_ws('|', claim, verdict, title, summary, body_md,
      sources::text, tags::text, category, regions::text, kind)) as fingerprint
    from rebuttals where external_id = any(${externalIds}::text[])`;
}

/** Inserts many library items and their first versions in two statements; returns their ids. */
export async function insertLibraryItems(
  sql: Sql,
  items: LibraryItem[],
): Promise<{ id: string; externalId: string }[]> {
  if (items.length === 0) return [];
  const json = items.map((i) => ({
    slug: i.slug,
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
    imported: i.imported,
    published_at: i.publishedAt.toISOString(),
    note: i.imported ? "导入" : "首次发布",
  }));
  return sql<{ id: string; externalId: string }[]>`
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
      returning id, external_id, title, summary, verdict, body_html, published_at
    ), versions as (
      insert into rebuttal_versions (rebuttal_id, version, title, summary, verdict, body_html,
        published_at, note)
      select a.id, 1, a.title, a.summary, a.verdict, a.body_html, a.published_at, x.note
      from added a join x on x.external_id = a.external_id
    )
    select id, external_id from added`;
}

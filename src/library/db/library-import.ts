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

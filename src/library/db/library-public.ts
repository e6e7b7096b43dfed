import type { Sql } from "../../db/client.ts";
import { filterSql, type LibraryFilters } from "./library.ts";

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

/** The name of a category or region a public list page shows, or undefined if unknown. */
export async function listName(sql: Sql, f: { category?: string; region?: string }) {
  const [row] = f.category
    ? await sql<{ name: string }[]>`select name from categories where slug = ${f.category}`
    : await sql<{ name: string }[]>`select name from regions where code = ${f.region ?? ""}`;
  return row?.name;
}

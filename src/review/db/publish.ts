import type { Sql } from "../../db/client.ts";
import type { RebuttalKind } from "../../vocabulary/rebuttal-kinds.ts";
import type { Verdict } from "../../vocabulary/verdicts.ts";
import type { Source } from "./review-revisions.ts";

export interface RebuttalRow {
  id: string;
  slug: string;
  caseId: string | null;
  revisionId: string | null;
  kind: RebuttalKind;
  claim: string | null;
  verdict: Verdict | null;
  title: string;
  summary: string;
  category: string | null;
  regions: string[];
  urgency: number | null;
  coSignerOrgIds: string[];
  status: "live" | "retracted";
  drill: boolean;
  version: number;
  publishedAt: Date;
  updatedAt: Date;
  retractedAt: Date | null;
  retractionReason: string | null;
}

const columns = (sql: Sql) =>
  sql`id, slug, case_id, revision_id, kind, claim, verdict, title, summary, category, regions,
      urgency, co_signer_org_ids, status, drill, version, published_at, updated_at, retracted_at,
      retraction_reason`;

export async function lockRebuttalOfCase(sql: Sql, caseId: string) {
  const [row] =
    await sql`select ${columns(sql)} from rebuttals where case_id = ${caseId} for update`;
  return row as RebuttalRow | undefined;
}

export async function lockRebuttal(sql: Sql, id: string) {
  const [row] = await sql`select ${columns(sql)} from rebuttals where id = ${id} for update`;
  return row as RebuttalRow | undefined;
}

export interface RebuttalContent {
  revisionId: string;
  kind: RebuttalRow["kind"];
  claim: string | null;
  verdict: RebuttalRow["verdict"];
  title: string;
  summary: string;
  bodyMd: string;
  bodyHtml: string;
  sources: Source[];
  tags: string[];
  category: string | null;
  regions: string[];
  urgency: number | null;
  coSignerOrgIds: string[];
  drill: boolean;
}

export async function insertRebuttal(
  sql: Sql,
  r: RebuttalContent & { slug: string; caseId: string; now: Date },
): Promise<RebuttalRow> {
  const [row] = await sql`
    insert into rebuttals
      (slug, case_id, revision_id, kind, claim, verdict, title, summary, body_md, body_html,
       sources, tags, category, regions, urgency, co_signer_org_ids, drill, version,
       published_at, updated_at)
    values (${r.slug}, ${r.caseId}, ${r.revisionId}, ${r.kind}, ${r.claim}, ${r.verdict},
            ${r.title}, ${r.summary}, ${r.bodyMd}, ${r.bodyHtml}, ${sql.json(r.sources as never)},
            ${r.tags}, ${r.category}, ${r.regions}, ${r.urgency}, ${r.coSignerOrgIds}::uuid[],
            ${r.drill}, 1, ${r.now}, ${r.now})
    returning ${columns(sql)}`;
  return row as RebuttalRow;
}

/** Replaces the content of a rebuttal with an approved update; it is live again, version + 1. */
export async function updateRebuttal(
  sql: Sql,
  id: string,
  r: RebuttalContent & { now: Date },
): Promise<RebuttalRow> {
  const [row] = await sql`
    update rebuttals set
      revision_id = ${r.revisionId}, kind = ${r.kind}, claim = ${r.claim}, verdict = ${r.verdict},
      title = ${r.title}, summary = ${r.summary}, body_md = ${r.bodyMd}, body_html = ${r.bodyHtml},
      sources = ${sql.json(r.sources as never)}, tags = ${r.tags}, category = ${r.category},
      regions = ${r.regions}, urgency = ${r.urgency}, co_signer_org_ids = ${r.coSignerOrgIds}::uuid[],
      drill = ${r.drill}, version = version + 1, status = 'live', retracted_at = null,
      retraction_reason = null, updated_at = ${r.now}
    where id = ${id}
    returning ${columns(sql)}`;
  return row as RebuttalRow;
}

export async function insertRebuttalVersion(
  sql: Sql,
  v: {
    rebuttalId: string;
    version: number;
    revisionId: string;
    title: string;
    summary: string;
    verdict: string | null;
    bodyHtml: string;
    note: string;
    now: Date;
  },
): Promise<void> {
  await sql`
    insert into rebuttal_versions
      (rebuttal_id, version, revision_id, title, summary, verdict, body_html, note, published_at)
    values (${v.rebuttalId}, ${v.version}, ${v.revisionId}, ${v.title}, ${v.summary}, ${v.verdict},
            ${v.bodyHtml}, ${v.note}, ${v.now})`;
}

export async function retractRebuttalRow(
  sql: Sql,
  id: string,
  reason: string,
  now: Date,
): Promise<RebuttalRow> {
  const [row] = await sql`
    update rebuttals set status = 'retracted', retracted_at = ${now},
      retraction_reason = ${reason}, updated_at = ${now}
    where id = ${id}
    returning ${columns(sql)}`;
  return row as RebuttalRow;
}

/** Which of these slugs some rebuttal already uses. */
export async function takenSlugs(sql: Sql, slugs: string[]): Promise<Set<string>> {
  const rows = await sql<{ slug: string }[]>`
    select slug from rebuttals where slug = any(${slugs}::text[])`;
  return new Set(rows.map((r) => r.slug));
}

import type { Sql } from "../../db/client.ts";

export interface CaseTimingRow {
  urgency: number | null;
  category: string | null;
  toTriage: number | null;
  toFirstDraft: number | null;
  toPublication: number | null;
  deadlineAt: Date | null;
  publishedAt: Date | null;
  status: string;
}

/**
 * Per case whose first report (or opening, for proactive cases) falls in [from, to): minutes
 * from then to triage, first draft and publication. Merged duplicates are left out.
 */
/** A region and the places inside it (a city's districts, the province's everything). */
const inRegion = (sql: Sql, column: string, region: string | null) => sql`
  (${region}::text is null or ${sql(column)} in (
    with recursive inside(code) as (
      select ${region}::text
      union all select r.code from regions r join inside i on r.parent_code = i.code)
    select code from inside))`;

export async function caseTimings(
  sql: Sql,
  p: { from: Date; to: Date; drill: boolean; region?: string },
) {
  return sql<CaseTimingRow[]>`
    with timed as (
      select c.*, coalesce((select min(r.created_at) from reports r where r.case_id = c.id),
                           c.created_at) as first_at
      from cases c
      where c.drill = ${p.drill} and c.close_reason is distinct from 'duplicate'
        and ${inRegion(sql, "c.region_code", p.region ?? null)}
    )
    select urgency, category, status, deadline_at, published_at,
      (extract(epoch from triaged_at - first_at) / 60)::float8 as to_triage,
      (extract(epoch from first_draft_at - first_at) / 60)::float8 as to_first_draft,
      (extract(epoch from published_at - first_at) / 60)::float8 as to_publication
    from timed where first_at >= ${p.from} and first_at < ${p.to}`;
}

/** Public reports in [from, to) by outcome. */
export async function reportOutcomes(sql: Sql, p: { from: Date; to: Date; region?: string }) {
  return sql<{ outcome: "matched" | "attached" | "opened"; n: number }[]>`
    select outcome, count(*)::int as n from reports
    where created_at >= ${p.from} and created_at < ${p.to}
      and ${inRegion(sql, "region_code", p.region ?? null)}
    group by outcome`;
}

import type { Sql } from "../../db/client.ts";

/** What a set of cases and rebuttals is: the effect figures' subject. */
export interface EffectScope {
  caseIds: string[];
  rebuttalIds: string[];
}

export interface Window {
  from: Date;
  to: Date;
}

/**
 * Reports per hour about the scope (in its cases, or answered by its rebuttals), split at the
 * publication moment by their own timestamps; `instant` are those answered at once by a rebuttal.
 */
export async function reportHours(sql: Sql, s: EffectScope, w: Window, publishedAt: Date | null) {
  return sql<{ hour: Date; before: number; after: number; instant: number }[]>`
    select date_trunc('hour', created_at) as hour,
           count(*) filter (where ${publishedAt}::timestamptz is null
                            or created_at < ${publishedAt})::int as before,
           count(*) filter (where created_at >= ${publishedAt})::int as after,
           count(*) filter (where created_at >= ${publishedAt} and outcome = 'matched'
                            and rebuttal_id = any(${s.rebuttalIds}::uuid[]))::int as instant
    from reports
    where created_at >= ${w.from} and created_at < ${w.to}
      and (case_id = any(${s.caseIds}::uuid[]) or rebuttal_id = any(${s.rebuttalIds}::uuid[]))
    group by 1`;
}

/** Views, confident search hits and clicks from search per hour, summed over the rebuttals. */
export async function rebuttalHours(sql: Sql, rebuttalIds: string[], w: Window) {
  return sql<{ hour: Date; views: number; searchHits: number; searchClicks: number }[]>`
    select hour, sum(views)::int as views, sum(search_hits)::int as search_hits,
           sum(search_clicks)::int as search_clicks
    from rebuttal_hourly
    where rebuttal_id = any(${rebuttalIds}::uuid[]) and hour >= ${w.from} and hour < ${w.to}
    group by hour`;
}

/** "这条解答有帮助吗？" answers per hour, summed over the rebuttals. */
export async function voteHours(sql: Sql, rebuttalIds: string[], w: Window) {
  return sql<{ hour: Date; helpful: number; notHelpful: number }[]>`
    select date_trunc('hour', created_at) as hour,
           count(*) filter (where helpful)::int as helpful,
           count(*) filter (where not helpful)::int as not_helpful
    from helpful_votes
    where rebuttal_id = any(${rebuttalIds}::uuid[])
      and created_at >= ${w.from} and created_at < ${w.to}
    group by 1`;
}

/**
 * Missed searches in the window, busiest queries first (at most `limit` queries), each with
 * its hours; `linked` when a coordinator opened one of the cases from that query.
 */
export async function missedSearches(sql: Sql, caseIds: string[], w: Window, limit: number) {
  return sql<{ queryNorm: string; hours: Date[]; counts: number[]; linked: boolean }[]>`
    select m.query_norm, array_agg(m.hour order by m.hour) as hours,
           array_agg(m.count order by m.hour) as counts,
           exists (select 1 from search_misses s
                   where s.query_norm = m.query_norm and s.case_id = any(${caseIds}::uuid[])) as linked
    from search_miss_hourly m
    where m.hour >= ${w.from} and m.hour < ${w.to}
    group by m.query_norm
    order by sum(m.count) desc, m.query_norm
    limit ${limit}`;
}

/**
 * The folded texts the cases are known by: title and description, latest reports, and their
 * rebuttals' claims and titles (folded by the caller).
 */
export async function scopeTexts(sql: Sql, s: EffectScope, perCase = 10, maxChars = 1500) {
  const rows = await sql<{ text: string; folded: boolean }[]>`
    select left(c.match_norm, ${maxChars}) as text, true as folded from cases c
    where c.id = any(${s.caseIds}::uuid[]) and c.match_norm <> ''
    union all
    select left(c.title || ' ' || c.description, ${maxChars}), false from cases c
    where c.id = any(${s.caseIds}::uuid[])
    union all
    select left(r.text_norm, ${maxChars}), true from cases c
    cross join lateral (
      select text_norm from reports where case_id = c.id and text_norm <> ''
      order by created_at desc limit ${perCase}) r
    where c.id = any(${s.caseIds}::uuid[])
    union all
    select left(coalesce(b.claim, '') || ' ' || b.title, ${maxChars}), false from rebuttals b
    where b.id = any(${s.rebuttalIds}::uuid[])`;
  return rows;
}

/** A topic's cases and rebuttals of its own drill flag: a drill never joins a public topic's figures. */
export async function topicScope(sql: Sql, topicId: string) {
  const [row] = await sql<
    { caseIds: string[]; rebuttals: { id: string; publishedAt: string }[] }[]
  >`
    select
      array(select c.id from topic_cases tc join cases c on c.id = tc.case_id
            where tc.topic_id = t.id and c.drill = t.drill) as case_ids,
      coalesce((
        select json_agg(json_build_object('id', r.id, 'publishedAt', r.published_at)
                        order by r.published_at)
        from rebuttals r
        where r.drill = t.drill and r.id in (
          select rebuttal_id from topic_rebuttals where topic_id = t.id
          union select r2.id from rebuttals r2 join topic_cases tc on tc.case_id = r2.case_id
                where tc.topic_id = t.id)), '[]') as rebuttals
    from topics t where t.id = ${topicId}`;
  return row;
}

import type { Sql } from "../../db/client.ts";

export interface TopicRebuttalRow {
  id: string;
  slug: string;
  kind: string;
  title: string;
  summary: string;
  claim: string | null;
  verdict: string | null;
  bodyHtml: string;
  category: string | null;
  status: "live" | "retracted";
  publishedAt: Date;
  updatedAt: Date;
}

/**
 * A topic's rebuttals (attached directly or through its cases): guidance first, then newest
 * first. Drill rebuttals only ever show in drill topics.
 */
export async function topicRebuttals(sql: Sql, topicId: string, limit: number) {
  return sql<TopicRebuttalRow[]>`
    select r.id, r.slug, r.kind, r.title, r.summary, r.claim, r.verdict, r.body_html, r.category,
           r.status, r.published_at, greatest(r.updated_at, r.retracted_at) as updated_at
    from rebuttals r join topics t on t.id = ${topicId}
    where r.drill = t.drill and r.id in (
      select tr.rebuttal_id from topic_rebuttals tr where tr.topic_id = ${topicId}
      union
      select r2.id from rebuttals r2 join topic_cases tc on tc.case_id = r2.case_id
      where tc.topic_id = ${topicId})
    order by (r.kind = 'guidance' and r.status = 'live') desc, r.published_at desc, r.id
    limit ${limit}`;
}

export interface TopicCaseRow {
  id: string;
  number: number;
  title: string;
  status: string;
  regionCode: string | null;
  category: string | null;
  reportCount: number;
  deadlineAt: Date | null;
  attachedAutomatically: boolean;
  attachedAt: Date;
}

/** The cases attached to a topic, newest attachment first. */
export async function topicCases(sql: Sql, topicId: string) {
  return sql<TopicCaseRow[]>`
    select c.id, c.number, c.title, c.status, c.region_code, c.category, c.report_count,
           c.deadline_at, tc.attached_by is null as attached_automatically, tc.attached_at
    from topic_cases tc join cases c on c.id = tc.case_id
    where tc.topic_id = ${topicId}
    order by tc.attached_at desc, c.number desc`;
}

/** Reports per hour on the topic's cases (and matched to its rebuttals) since `since`. */
export async function topicReportsPerHour(sql: Sql, topicId: string, since: Date) {
  return sql<{ hour: Date; reports: number }[]>`
    select date_trunc('hour', rp.created_at) as hour, count(*)::int as reports
    from reports rp
    where rp.created_at >= ${since} and (
      rp.case_id in (select case_id from topic_cases where topic_id = ${topicId})
      or rp.rebuttal_id in (
        select r.id from rebuttals r join topic_cases tc on tc.case_id = r.case_id
        where tc.topic_id = ${topicId}
        union select rebuttal_id from topic_rebuttals where topic_id = ${topicId}))
    group by 1 order by 1`;
}

import type { Sql } from "../../db/client.ts";

/** A case's revisions (written by the review area), oldest first. */
export async function caseRevisions(sql: Sql, caseId: string) {
  return sql<
    {
      id: string;
      number: number;
      kind: string;
      title: string;
      verdict: string | null;
      status: string;
      authorId: string;
      authorName: string;
      submittedAt: Date | null;
      createdAt: Date;
    }[]
  >`
    select r.id, r.number, r.kind, r.title, r.verdict, r.status, r.author_id,
           u.name as author_name, r.submitted_at, r.created_at
    from revisions r join users u on u.id = r.author_id
    where r.case_id = ${caseId} order by r.number`;
}

/** The review rounds of a case's revisions with every decision and its comment. */
export async function caseReviews(sql: Sql, caseId: string) {
  return sql<
    {
      id: string;
      revisionId: string;
      policyId: string;
      status: string;
      startedAt: Date;
      finishedAt: Date | null;
      decisions: {
        stepIndex: number;
        reviewerName: string;
        organisationName: string;
        decision: string;
        comment: string;
        createdAt: string;
      }[];
    }[]
  >`
    select rr.id, rr.revision_id, rr.policy_id, rr.status, rr.started_at, rr.finished_at,
      coalesce((select json_agg(json_build_object(
          'stepIndex', d.step_index, 'reviewerName', u.name, 'organisationName', o.name,
          'decision', d.decision, 'comment', d.comment, 'createdAt', d.created_at)
          order by d.created_at)
        from review_decisions d join users u on u.id = d.reviewer_id
        join organisations o on o.id = d.organisation_id
        where d.round_id = rr.id), '[]'::json) as decisions
    from review_rounds rr join revisions r on r.id = rr.revision_id
    where r.case_id = ${caseId} order by rr.started_at`;
}

/** Rebuttals published from a case. */
export async function caseRebuttals(sql: Sql, caseId: string) {
  return sql<
    {
      id: string;
      slug: string;
      title: string;
      status: string;
      version: number;
      publishedAt: Date;
    }[]
  >`
    select id, slug, title, status, version, published_at from rebuttals
    where case_id = ${caseId} order by published_at`;
}

/** Events, audit entries and incoming reports of a case, in time order (no contacts). */
export async function caseTimeline(sql: Sql, caseId: string, limit = 300) {
  return sql<
    {
      at: Date;
      source: "event" | "audit" | "report";
      kind: string;
      /** A person's name, or a token's or the system's label; never a person's email. */
      who: string | null;
      whoOrganisation: string | null;
      data: unknown;
    }[]
  >`
    select * from (
      select occurred_at as at, 'event' as source, type as kind, null as who,
             null as who_organisation, (data - 'notify') as data
      from events where case_id = ${caseId}
      union all
      select a.occurred_at, 'audit', a.action,
             case when a.actor_type = 'user' then u.name else nullif(a.actor_label, '') end,
             o.name, a.data
      from audit_log a
      left join users u on a.actor_type = 'user' and u.id = a.actor_id
      left join organisations o on o.id = u.organisation_id
      where a.object_type = 'case' and a.object_id = ${caseId}
      union all
      select created_at, 'report', 'report.' || outcome, null, null,
             jsonb_build_object('reportId', id, 'platform', platform)
      from reports where case_id = ${caseId}
    ) t order by at, source limit ${limit}`;
}

/** Titles and states of some cases (for similar-case lists). */
export async function caseTitles(sql: Sql, ids: string[]) {
  if (ids.length === 0) return [];
  return sql<{ id: string; number: number; title: string; status: string }[]>`
    select id, number, title, status from cases where id = any(${ids}::uuid[])`;
}

import type { OrganisationKind, Role } from "../../auth/actor.ts";
import type { Sql } from "../../db/client.ts";
import type { CaseState } from "../../vocabulary/case-states.ts";
import type { RoundDecision, RoundStep } from "../round.ts";

export interface CaseRow {
  id: string;
  number: number;
  status: CaseState;
  title: string;
  category: string | null;
  urgency: number | null;
  regionCode: string | null;
  drill: boolean;
  publishedAt: Date | null;
}

/** Locks a case row: every write of the review area serialises on it (revisions, decisions). */
export async function lockCase(sql: Sql, id: string): Promise<CaseRow | undefined> {
  const [row] = await sql`
    select id, number, status, title, category, urgency, region_code, drill, published_at
    from cases where id = ${id} for update`;
  return row as CaseRow | undefined;
}

export async function findCase(sql: Sql, id: string): Promise<CaseRow | undefined> {
  const [row] = await sql`
    select id, number, status, title, category, urgency, region_code, drill, published_at
    from cases where id = ${id}`;
  return row as CaseRow | undefined;
}

/** The lead expert and contributors of a case: its co-authors. */
export async function caseAssignees(sql: Sql, caseId: string): Promise<string[]> {
  const rows = await sql`select user_id from case_assignments where case_id = ${caseId}`;
  return rows.map((r) => r.userId as string);
}

export async function setCaseStatus(
  sql: Sql,
  id: string,
  status: CaseRow["status"],
  opts: { now: Date; close?: { reason: "rejected"; note: string; by: string } },
): Promise<void> {
  await sql`
    update cases set
      status = ${status},
      first_draft_at = case when ${status} = 'drafting' then coalesce(first_draft_at, ${opts.now})
                            else first_draft_at end,
      published_at = case when ${status} = 'published' then coalesce(published_at, ${opts.now})
                          else published_at end,
      closed_at = case when ${status} = 'closed' then ${opts.now}::timestamptz else closed_at end,
      close_reason = coalesce(${opts.close?.reason ?? null}, close_reason),
      close_note = coalesce(${opts.close?.note ?? null}, close_note),
      closed_by = coalesce(${opts.close?.by ?? null}::uuid, closed_by),
      updated_at = ${opts.now}
    where id = ${id}`;
}

export interface OrganisationBrief {
  id: string;
  slug: string;
  name: string;
  kind: OrganisationKind;
}

export async function organisationsByIds(sql: Sql, ids: string[]): Promise<OrganisationBrief[]> {
  if (ids.length === 0) return [];
  return sql<OrganisationBrief[]>`
    select id, slug, name, kind from organisations where id = any(${ids}::uuid[])`;
}

export async function organisationsBySlugs(
  sql: Sql,
  slugs: string[],
): Promise<OrganisationBrief[]> {
  if (slugs.length === 0) return [];
  return sql<OrganisationBrief[]>`
    select id, slug, name, kind from organisations where slug = any(${slugs}::text[])`;
}

export interface RoundRow {
  id: string;
  revisionId: string;
  policyId: string;
  mode: "sequential" | "parallel";
  steps: RoundStep[];
  status: "open" | "approved" | "changes_requested" | "rejected" | "superseded";
  isUpdate: boolean;
  releaseAt: Date | null;
  releasedAt: Date | null;
  startedAt: Date;
  finishedAt: Date | null;
}

const roundColumns = (sql: Sql) =>
  sql`id, revision_id, policy_id, mode, steps, status, is_update, release_at, released_at,
      started_at, finished_at`;

export async function insertRound(
  sql: Sql,
  r: Pick<RoundRow, "revisionId" | "policyId" | "mode" | "steps" | "isUpdate" | "releaseAt"> & {
    submittedBy: string;
    now: Date;
  },
): Promise<RoundRow> {
  const [row] = await sql`
    insert into review_rounds
      (revision_id, policy_id, mode, steps, is_update, release_at, submitted_by, started_at)
    values (${r.revisionId}, ${r.policyId}, ${r.mode}, ${sql.json(r.steps as never)},
            ${r.isUpdate}, ${r.releaseAt}, ${r.submittedBy}, ${r.now})
    returning ${roundColumns(sql)}`;
  return row as RoundRow;
}

/** The open round of a revision, locked so that concurrent decisions run one after another. */
export async function lockOpenRound(sql: Sql, revisionId: string): Promise<RoundRow | undefined> {
  const [row] = await sql`
    select ${roundColumns(sql)} from review_rounds
    where revision_id = ${revisionId} and status = 'open' for update`;
  return row as RoundRow | undefined;
}

export async function findRound(sql: Sql, id: string): Promise<RoundRow | undefined> {
  const [row] = await sql`select ${roundColumns(sql)} from review_rounds where id = ${id}`;
  return row as RoundRow | undefined;
}

export async function lockRound(sql: Sql, id: string): Promise<RoundRow | undefined> {
  const [row] =
    await sql`select ${roundColumns(sql)} from review_rounds where id = ${id} for update`;
  return row as RoundRow | undefined;
}

export async function roundsOfRevision(sql: Sql, revisionId: string): Promise<RoundRow[]> {
  return sql<RoundRow[]>`
    select ${roundColumns(sql)} from review_rounds
    where revision_id = ${revisionId} order by started_at`;
}

/** The round that approved a revision (for retraction rights: its final step). */
export async function approvedRoundOf(sql: Sql, revisionId: string) {
  const [row] = await sql`
    select ${roundColumns(sql)} from review_rounds
    where revision_id = ${revisionId} and status = 'approved'
    order by finished_at desc limit 1`;
  return row as RoundRow | undefined;
}

export async function finishRound(
  sql: Sql,
  id: string,
  status: RoundRow["status"],
  now: Date,
): Promise<void> {
  await sql`update review_rounds set status = ${status}, finished_at = ${now} where id = ${id}`;
}

export async function setRoundReleaseAt(sql: Sql, id: string, at: Date): Promise<void> {
  await sql`update review_rounds set release_at = ${at} where id = ${id}`;
}

export async function markRoundReleased(sql: Sql, id: string, now: Date): Promise<void> {
  await sql`update review_rounds set released_at = ${now} where id = ${id}`;
}

/**
 * Closes what a new revision replaces: open rounds of the case, and approved rounds still
 * waiting for their scheduled release. Returns the rounds closed.
 */
export async function supersedePendingRounds(sql: Sql, caseId: string, now: Date) {
  return sql<{ id: string; revisionId: string }[]>`
    update review_rounds rr set status = 'superseded', finished_at = ${now}
    from revisions r
    where r.id = rr.revision_id and r.case_id = ${caseId}
      and (rr.status = 'open' or (rr.status = 'approved' and rr.release_at is not null
                                  and rr.released_at is null))
    returning rr.id, rr.revision_id`;
}

export interface DecisionRow extends RoundDecision {
  id: string;
  roundId: string;
  comment: string;
  createdAt: Date;
  reviewerName: string;
  organisationName: string;
}

export async function decisionsOfRounds(sql: Sql, roundIds: string[]): Promise<DecisionRow[]> {
  if (roundIds.length === 0) return [];
  return sql<DecisionRow[]>`
    select d.id, d.round_id, d.step_index, d.reviewer_id, d.organisation_id, d.decision,
           d.comment, d.created_at, u.name as reviewer_name, o.name as organisation_name
    from review_decisions d
    join users u on u.id = d.reviewer_id
    join organisations o on o.id = d.organisation_id
    where d.round_id = any(${roundIds}::uuid[])
    order by d.created_at, d.id`;
}

export async function insertDecision(
  sql: Sql,
  d: RoundDecision & { roundId: string; revisionId: string; comment: string; now: Date },
): Promise<string> {
  const [row] = await sql`
    insert into review_decisions
      (round_id, revision_id, step_index, reviewer_id, organisation_id, decision, comment,
       created_at)
    values (${d.roundId}, ${d.revisionId}, ${d.stepIndex}, ${d.reviewerId}, ${d.organisationId},
            ${d.decision}, ${d.comment}, ${d.now})
    returning id`;
  return row!.id as string;
}

/** Active people who meet a step's role and organisation requirements, minus the excluded. */
export async function peopleForStep(
  sql: Sql,
  step: Pick<RoundStep, "role" | "organisationKind" | "organisationIds">,
  exclude: string[],
): Promise<
  { id: string; roles: Role[]; organisationId: string; organisationKind: OrganisationKind }[]
> {
  return sql`
    select u.id, u.roles, u.organisation_id, o.kind as organisation_kind
    from users u join organisations o on o.id = u.organisation_id
    where u.active and ${step.role} = any(u.roles)
      and (${step.organisationKind}::text is null or o.kind = ${step.organisationKind})
      and (${step.organisationIds}::uuid[] is null or u.organisation_id = any(${step.organisationIds}::uuid[]))
      and not (u.id = any(${exclude}::uuid[]))
    order by u.created_at limit 500` as never;
}

/** Open rounds with what the inbox needs to decide whether they wait for someone. */
export async function openRoundsForInbox(sql: Sql, limit = 500) {
  return sql<
    (RoundRow & {
      caseId: string;
      caseTitle: string;
      caseNumber: number;
      urgency: number | null;
      category: string | null;
      revisionNumber: number;
      revisionTitle: string;
      authorId: string;
    })[]
  >`
    select rr.id, rr.revision_id, rr.policy_id, rr.mode, rr.steps, rr.status, rr.is_update,
           rr.release_at, rr.released_at, rr.started_at, rr.finished_at,
           c.id as case_id, c.title as case_title, c.number as case_number, c.urgency, c.category,
           r.number as revision_number, r.title as revision_title, r.author_id
    from review_rounds rr
    join revisions r on r.id = rr.revision_id
    join cases c on c.id = r.case_id
    where rr.status = 'open'
    order by c.urgency nulls last, rr.started_at
    limit ${limit}`;
}

export async function assigneesOfCases(sql: Sql, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return sql<{ caseId: string; userId: string }[]>`
    select case_id, user_id from case_assignments where case_id = any(${caseIds}::uuid[])`;
}

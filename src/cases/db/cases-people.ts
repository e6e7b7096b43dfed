import type { Sql } from "../../db/client.ts";

export interface StaffRow {
  id: string;
  name: string;
  email: string;
  roles: string[];
  expertise: string[];
  active: boolean;
  organisationId: string;
  organisationName: string;
  organisationKind: string;
}

/** People by id with their organisation (for checking assignees). */
export async function findStaff(sql: Sql, ids: string[]): Promise<StaffRow[]> {
  if (ids.length === 0) return [];
  return sql<StaffRow[]>`
    select u.id, u.name, u.email, u.roles, u.expertise, u.active, u.organisation_id,
           o.name as organisation_name, o.kind as organisation_kind
    from users u join organisations o on o.id = u.organisation_id
    where u.id = any(${ids}::uuid[])`;
}

export interface AssignmentRow {
  userId: string;
  name: string;
  role: "lead" | "contributor";
  organisationId: string;
  organisationName: string;
  assignedAt: Date;
}

/** A case's assignees, lead first. */
export async function listAssignments(sql: Sql, caseId: string): Promise<AssignmentRow[]> {
  return sql<AssignmentRow[]>`
    select a.user_id, u.name, a.role, u.organisation_id, o.name as organisation_name,
           a.assigned_at
    from case_assignments a
    join users u on u.id = a.user_id join organisations o on o.id = u.organisation_id
    where a.case_id = ${caseId}
    order by a.role = 'lead' desc, a.assigned_at, u.name`;
}

/** Whether a person is assigned to a case. */
export async function isAssigned(sql: Sql, caseId: string, userId: string): Promise<boolean> {
  const [row] = await sql`
    select 1 from case_assignments where case_id = ${caseId} and user_id = ${userId}`;
  return Boolean(row);
}

export interface ExpertCandidateRow extends StaffRow {
  openAssignments: number;
  matchesCategory: boolean;
}

/** Active experts with how many open cases each carries; those with the expertise first. */
export async function expertCandidates(
  sql: Sql,
  category: string | null,
  limit: number,
): Promise<ExpertCandidateRow[]> {
  return sql<ExpertCandidateRow[]>`
    select u.id, u.name, u.email, u.roles, u.expertise, u.active, u.organisation_id,
           o.name as organisation_name, o.kind as organisation_kind,
           coalesce(${category}::text = any(u.expertise), false) as matches_category,
           (select count(*)::int from case_assignments a join cases c on c.id = a.case_id
            where a.user_id = u.id
              and c.status in ('new', 'triaged', 'drafting', 'in_review')) as open_assignments
    from users u join organisations o on o.id = u.organisation_id
    where u.active and 'expert' = any(u.roles)
    order by matches_category desc, open_assignments asc, u.name
    limit ${limit}`;
}

import type { Sql } from "../../db/client.ts";
import { type CaseRow, caseColumns } from "./cases.ts";

export interface CaseListFilter {
  statuses: string[];
  urgency?: number;
  category?: string;
  region?: string;
  assigneeId?: string;
  escalated?: boolean;
  drill?: boolean;
  /** Who is asking: null sees every case, otherwise only what the policy allows. */
  viewer: { userId: string; reviewer: boolean } | null;
  reviewerStates: readonly string[];
  cap: number;
}

/** Cases matching the filters, soonest due first; at most `cap` rows (the caller pages). */
export async function listCaseRows(sql: Sql, f: CaseListFilter): Promise<CaseRow[]> {
  const viewer = f.viewer;
  return sql<CaseRow[]>`
    select ${caseColumns(sql)} from cases c
    where c.status = any(${f.statuses}::text[])
      ${f.urgency ? sql`and c.urgency = ${f.urgency}` : sql``}
      ${f.category ? sql`and c.category = ${f.category}` : sql``}
      ${f.region ? sql`and c.region_code in (${regionAndBelow(sql, f.region)})` : sql``}
      ${f.assigneeId ? sql`and exists (select 1 from case_assignments a where a.case_id = c.id and a.user_id = ${f.assigneeId})` : sql``}
      ${f.escalated === undefined ? sql`` : f.escalated ? sql`and c.escalated_at is not null` : sql`and c.escalated_at is null`}
      ${f.drill === undefined ? sql`` : sql`and c.drill = ${f.drill}`}
      ${
        viewer
          ? sql`and (exists (select 1 from case_assignments a
                             where a.case_id = c.id and a.user_id = ${viewer.userId})
                     or (${viewer.reviewer} and c.status = any(${f.reviewerStates as string[]}::text[])))`
          : sql``
      }
    order by coalesce(c.deadline_at, c.triage_due_at) asc nulls last, c.created_at desc
    limit ${f.cap}`;
}

/** A region code and every code below it (prefecture → counties; province → all). */
function regionAndBelow(sql: Sql, code: string) {
  return sql`
    select g.code from regions g left join regions p on p.code = g.parent_code
    where g.code = ${code} or g.parent_code = ${code} or p.parent_code = ${code}`;
}

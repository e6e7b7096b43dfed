import type { Role } from "../auth/actor.ts";
import type { Sql } from "../db/client.ts";
import type { StaffEventType } from "../events/envelope.ts";
import { recordEvent } from "../events/record.ts";
import type { StaffNotify } from "../events/staff-data.ts";
import type { CaseRow } from "./db/cases.ts";

/** The part of a case every staff event carries. */
export function caseSummary(c: CaseRow) {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    status: c.status,
    origin: c.origin,
    category: c.category,
    urgency: c.urgency,
    regionCode: c.regionCode,
    deadlineAt: c.deadlineAt?.toISOString() ?? null,
    drill: c.drill,
  };
}

/**
 * Records a staff event about a case in the caller's transaction; the fan-out delivers it to the
 * `/staff` rooms and, with `email`, to the listed users' mailboxes.
 */
export async function recordCaseEvent(
  tx: Sql,
  type: StaffEventType,
  c: CaseRow,
  notify: { userIds?: string[]; roles?: Role[]; email: boolean },
  extra: Record<string, unknown> = {},
) {
  const data: StaffNotify & Record<string, unknown> = {
    case: caseSummary(c),
    ...extra,
    notify: { userIds: notify.userIds ?? [], roles: notify.roles ?? [], email: notify.email },
  };
  return recordEvent(tx, { type, caseId: c.id, drill: c.drill, data });
}

import type { Role } from "../auth/actor.ts";
import type { Sql } from "../db/client.ts";
import type { EventBody } from "../events/envelope.ts";
import { recordEvent } from "../events/record.ts";
import type { CaseAssignment, CaseSummary, DeadlineFacts } from "../events/staff-data.ts";
import type { CaseRow } from "./db/cases.ts";

/** The part of a case every staff event carries. */
export function caseSummary(c: CaseRow): CaseSummary {
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

type Notify = { userIds?: string[]; roles?: Role[]; email: boolean };

/** A case event's type with what that type adds to the case summary. */
type CaseEventArgs =
  | [type: "case.opened", c: CaseRow, notify: Notify]
  | [type: "case.assigned", c: CaseRow, notify: Notify, extra: CaseAssignment]
  | [
      type: "case.deadline_warning" | "case.deadline_missed",
      c: CaseRow,
      notify: Notify,
      extra: DeadlineFacts,
    ];

/**
 * Records a staff event about a case in the caller's transaction; the fan-out delivers it to the
 * `/staff` rooms and, with `email`, to the listed users' mailboxes.
 */
export async function recordCaseEvent(tx: Sql, ...args: CaseEventArgs) {
  const [, c, notify] = args;
  const base = {
    case: caseSummary(c),
    notify: { userIds: notify.userIds ?? [], roles: notify.roles ?? [], email: notify.email },
  };
  const event: EventBody =
    args[0] === "case.opened"
      ? { type: args[0], data: base }
      : args[0] === "case.assigned"
        ? { type: args[0], data: { ...base, ...args[3] } }
        : { type: args[0], data: { ...base, ...args[3] } };
  return recordEvent(tx, { ...event, caseId: c.id, drill: c.drill });
}

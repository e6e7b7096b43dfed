import type { Sql } from "../db/client.ts";
import type { EventBody } from "./envelope.ts";

/** Takes the next gap-free public seq; the row lock serialises concurrent publishers. */
export async function nextPublicSeq(sql: Sql): Promise<number> {
  const [row] = await sql`
    update counters set value = value + 1 where name = 'public_event_seq' returning value`;
  return row!.value as number;
}

export async function insertEvent(
  sql: Sql,
  e: {
    seq: number | null;
    type: EventBody["type"];
    rebuttalId?: string | null;
    caseId?: string | null;
    drill: boolean;
    data: EventBody["data"];
  },
) {
  const [row] = await sql`
    insert into events (seq, type, rebuttal_id, case_id, drill, data)
    values (${e.seq}, ${e.type}, ${e.rebuttalId ?? null}, ${e.caseId ?? null}, ${e.drill},
            ${sql.json(e.data as never)})
    returning id, seq, type, occurred_at, data`;
  return row as {
    id: string;
    seq: number | null;
    type: string;
    occurredAt: Date;
    data: Record<string, unknown>;
  };
}

/** Public events after a seq, in order (replay for reconnecting clients and feeds). */
export async function publicEventsAfter(sql: Sql, afterSeq: number, limit = 500) {
  return sql<
    { id: string; seq: number; type: string; occurredAt: Date; data: Record<string, unknown> }[]
  >`
    select id, seq, type, occurred_at, data from events
    where seq > ${afterSeq} order by seq limit ${limit}`;
}

export async function findEvent(sql: Sql, id: string) {
  const [row] = await sql`
    select id, seq, type, occurred_at, rebuttal_id, case_id, drill, data from events where id = ${id}`;
  return row as
    | {
        id: string;
        seq: number | null;
        type: string;
        occurredAt: Date;
        rebuttalId: string | null;
        caseId: string | null;
        drill: boolean;
        data: Record<string, unknown>;
      }
    | undefined;
}

/** The newest public events, newest first (what a live list shows when it is opened). */
export async function recentPublicEvents(sql: Sql, limit: number) {
  return sql<
    { id: string; seq: number; type: string; occurredAt: Date; data: Record<string, unknown> }[]
  >`
    select id, seq, type, occurred_at, data from events
    where seq is not null order by seq desc limit ${limit}`;
}

import type { StaffCtx } from "../context.ts";
import { caseStates } from "../vocabulary/case-states.ts";
import { topicReportsPerHour } from "./db/topic-content.ts";
import { getTopic } from "./get-topic.ts";

const HOUR = 3_600_000;

/**
 * What the duty officer watches on a topic: its cases by state, how many are overdue, how many
 * answers are out, and the reports per hour over the last day (empty hours included).
 * @example const d = await topicDashboard(ctx, { id });
 */
export async function topicDashboard(ctx: StaffCtx, { id }: { id: string }) {
  const topic = await getTopic(ctx, { id });
  const now = ctx.deps.now();
  const cases = await ctx.deps.sql<{ id: string; status: string; deadlineAt: Date | null }[]>`
    select c.id, c.status, c.deadline_at from topic_cases tc join cases c on c.id = tc.case_id
    where tc.topic_id = ${topic.id}`;
  const byState = caseStates.map((s) => ({
    state: s,
    count: cases.filter((c) => c.status === s).length,
  }));
  const open = cases.filter((c) => c.status !== "published" && c.status !== "closed");
  const overdue = open.filter((c) => c.deadlineAt && c.deadlineAt < now).length;
  const first = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 23 * HOUR);
  const counted = new Map(
    (await topicReportsPerHour(ctx.deps.sql, topic.id, first)).map((r) => [
      r.hour.getTime(),
      r.reports,
    ]),
  );
  const reportsPerHour = Array.from({ length: 24 }, (_, i) => {
    const hour = new Date(first.getTime() + i * HOUR);
    return { hour: hour.toISOString(), reports: counted.get(hour.getTime()) ?? 0 };
  });
  return {
    topic,
    byState,
    overdue,
    published: topic.rebuttals.filter((r) => r.status === "live").length,
    reportsPerHour,
  };
}

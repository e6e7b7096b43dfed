import type { StaffCtx } from "../context.ts";
import { getTopic } from "../topics/get-topic.ts";
import { topicScope } from "./db/figures.ts";
import { effectFigures } from "./figures.ts";
import { windowAround } from "./series.ts";

/**
 * The effect figures of an emergency topic: its cases' reports and searches per hour around
 * its first published answer (every later one marked too), its answers' views and votes.
 * Whoever may open the topic's dashboard may see them.
 * @example const e = await topicEffect(ctx, { id });
 */
export async function topicEffect(ctx: StaffCtx, input: { id: string }) {
  const topic = await getTopic(ctx, { id: input.id });
  const scope = await topicScope(ctx.deps.sql, topic.id);
  const rebuttals = (scope?.rebuttals ?? []).map((r) => ({
    id: r.id,
    publishedAt: new Date(r.publishedAt),
  }));
  const publishedAt = rebuttals[0]?.publishedAt ?? null;
  const w = windowAround(publishedAt, ctx.deps.now(), { before: 48, after: 72 });
  const figures = await effectFigures(
    ctx.deps.sql,
    { caseIds: scope?.caseIds ?? [], rebuttalIds: rebuttals.map((r) => r.id) },
    w,
    publishedAt,
    topic.drill,
  );
  return {
    drill: topic.drill,
    publishedAt: publishedAt?.toISOString() ?? null,
    publications: rebuttals.map((r) => ({ publishedAt: r.publishedAt.toISOString() })),
    ...figures,
  };
}

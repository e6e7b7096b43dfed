import type { StaffCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { topicCases, topicRebuttals } from "./db/topic-content.ts";
import { findTopic, listTopicRows } from "./db/topics.ts";
import { presentTopic } from "./present.ts";
import type { Topic, TopicDetail } from "./schemas.ts";

/**
 * A topic with its cases and rebuttals (staff view: drills included).
 * @example await getTopic(ctx, { id })
 */
export async function getTopic({ deps }: StaffCtx, { id }: { id: string }): Promise<TopicDetail> {
  const t = await findTopic(deps.sql, id);
  if (!t) throw new AppError("not_found", "未找到这个专题");
  const [cases, rebuttals] = await Promise.all([
    topicCases(deps.sql, t.id),
    topicRebuttals(deps.sql, t.id, 500),
  ]);
  return {
    ...presentTopic(t, deps.now(), deps.config.publicUrl),
    cases: cases.map(({ deadlineAt: _d, attachedAt, ...c }) => ({
      ...c,
      attachedAt: attachedAt.toISOString(),
    })),
    rebuttals: rebuttals.map((r) => ({
      id: r.id,
      slug: r.slug,
      kind: r.kind,
      title: r.title,
      verdict: r.verdict,
      status: r.status,
      publishedAt: r.publishedAt.toISOString(),
    })),
  };
}

/**
 * Topics, newest start first (staff view: drills included).
 * @example await listTopics(ctx, { status: "open" })
 */
export async function listTopics(
  { deps }: StaffCtx,
  f: { status?: "open" | "closed" },
): Promise<{ items: Topic[] }> {
  const rows = await listTopicRows(deps.sql, { status: f.status, limit: 200 });
  const now = deps.now();
  return { items: rows.map((t) => presentTopic(t, now, deps.config.publicUrl)) };
}

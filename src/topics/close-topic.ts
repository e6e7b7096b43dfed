import { appendAudit } from "../audit/append.ts";
import type { StaffCtx } from "../context.ts";
import { lockOpenTopic } from "./checks.ts";
import { closeTopicRow } from "./db/topics.ts";
import { presentTopic } from "./present.ts";
import type { Topic } from "./schemas.ts";

/**
 * Closes a topic: the home banner goes, new cases stop joining it; its page and feed stay.
 * @example await closeTopic(ctx, { id })
 */
export async function closeTopic(
  { deps, actor, meta }: StaffCtx,
  { id }: { id: string },
): Promise<Topic> {
  const now = deps.now();
  return deps.sql.begin(async (tx) => {
    const t = await lockOpenTopic(tx, id);
    const closed = await closeTopicRow(tx, t.id, actor.userId, now);
    await appendAudit(tx, {
      actor,
      action: "topic.closed",
      object: { type: "topic", id: t.id },
      meta,
      data: { slug: t.slug },
    });
    return presentTopic(closed, now, deps.config.publicUrl);
  });
}

import { appendAudit } from "../audit/append.ts";
import type { StaffCtx } from "../context.ts";
import { assertPeriod, assertReferencesExist, lockOpenTopic } from "./checks.ts";
import { attachCases, attachRebuttals, detachCases, detachRebuttals } from "./db/topic-links.ts";
import { updateTopicRow } from "./db/topics.ts";
import { getTopic } from "./get-topic.ts";
import type { TopicDetail, UpdateTopicInput } from "./schemas.ts";

/**
 * Changes an open topic's fields and attaches or detaches cases and rebuttals.
 * @example await updateTopic(ctx, { id, addCaseIds: [caseId], endsAt: null })
 */
export async function updateTopic(
  ctx: StaffCtx,
  input: UpdateTopicInput & { id: string },
): Promise<TopicDetail> {
  const { deps, actor, meta } = ctx;
  const now = deps.now();
  await deps.sql.begin(async (tx) => {
    const t = await lockOpenTopic(tx, input.id);
    const startsAt = input.startsAt ? new Date(input.startsAt) : undefined;
    const endsAt =
      input.endsAt === undefined ? undefined : input.endsAt ? new Date(input.endsAt) : null;
    assertPeriod(startsAt ?? t.startsAt, endsAt === undefined ? t.endsAt : endsAt);
    await assertReferencesExist(
      tx,
      { ...input, caseIds: input.addCaseIds, rebuttalIds: input.addRebuttalIds },
      { caseIds: "addCaseIds", rebuttalIds: "addRebuttalIds" },
    );
    await updateTopicRow(
      tx,
      t.id,
      {
        name: input.name,
        summary: input.summary?.trim(),
        regions: input.regions && [...new Set(input.regions)],
        categories: input.categories && [...new Set(input.categories)],
        startsAt,
        endsAt,
      },
      now,
    );
    await attachCases(tx, t.id, input.addCaseIds ?? [], actor.userId);
    await detachCases(tx, t.id, input.removeCaseIds ?? []);
    await attachRebuttals(tx, t.id, input.addRebuttalIds ?? [], actor.userId);
    await detachRebuttals(tx, t.id, input.removeRebuttalIds ?? []);
    const { id: _id, ...changes } = input;
    await appendAudit(tx, {
      actor,
      action: "topic.updated",
      object: { type: "topic", id: t.id },
      meta,
      data: changes,
    });
  });
  return getTopic(ctx, { id: input.id });
}

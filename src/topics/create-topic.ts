import crypto from "node:crypto";
import { appendAudit } from "../audit/append.ts";
import { fieldError } from "../cases/reference-checks.ts";
import type { StaffCtx } from "../context.ts";
import { assertPeriod, assertReferencesExist } from "./checks.ts";
import { attachCases, attachRebuttals } from "./db/topic-links.ts";
import { insertTopic } from "./db/topics.ts";
import { presentTopic } from "./present.ts";
import type { CreateTopicInput, Topic } from "./schemas.ts";

/** A URL name from the kind and start date, e.g. `typhoon-20260801-k3f9`. */
const defaultSlug = (kind: string, at: Date) =>
  `${kind}-${at.toISOString().slice(0, 10).replaceAll("-", "")}-${crypto.randomBytes(2).toString("hex")}`;

/**
 * Opens an emergency topic: its regions and period decide which new cases join it by default;
 * the given cases and rebuttals are attached at once.
 * @example await createTopic(ctx, { name: "台风“摩羯”", kind: "typhoon", regions: ["460000"] })
 */
export async function createTopic(
  { deps, actor, meta }: StaffCtx,
  input: CreateTopicInput,
): Promise<Topic> {
  const now = deps.now();
  const startsAt = input.startsAt ? new Date(input.startsAt) : now;
  const endsAt = input.endsAt ? new Date(input.endsAt) : null;
  assertPeriod(startsAt, endsAt);
  return deps.sql.begin(async (tx) => {
    await assertReferencesExist(tx, input);
    const row = await insertTopic(tx, {
      slug: input.slug ?? defaultSlug(input.kind, startsAt),
      name: input.name,
      kind: input.kind,
      summary: input.summary?.trim() ?? "",
      regions: [...new Set(input.regions)],
      categories: [...new Set(input.categories ?? [])],
      startsAt,
      endsAt,
      drill: input.drill ?? false,
      createdBy: actor.userId,
      now,
    });
    if (!row) throw fieldError("slug", "这个专题地址已被使用");
    await attachCases(tx, row.id, input.caseIds ?? [], actor.userId);
    await attachRebuttals(tx, row.id, input.rebuttalIds ?? [], actor.userId);
    await appendAudit(tx, {
      actor,
      action: "topic.created",
      object: { type: "topic", id: row.id },
      meta,
      data: { slug: row.slug, kind: row.kind, regions: row.regions, drill: row.drill },
    });
    return presentTopic(row, now, deps.config.publicUrl);
  });
}

import { diffLines } from "diff";
import { assertAllowed } from "../auth/policy.ts";
import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { findRevision, type RevisionRow } from "./db/review-revisions.ts";
import { canReadRevisions } from "./policy.ts";
import { assertCanReadRevision } from "./revision-access.ts";

const fields = [
  "kind",
  "claim",
  "verdict",
  "title",
  "summary",
  "sources",
  "coSignerOrgIds",
  "tags",
] as const;

const comparable = (v: unknown) => JSON.stringify(v ?? null);

/**
 * What changed between two revisions of the same case: each changed field with both values,
 * and a line diff of the Markdown body.
 */
export async function diffRevisions(
  ctx: ServiceCtx,
  { fromId, toId }: { fromId: string; toId: string },
) {
  assertAllowed(canReadRevisions(ctx.actor));
  const [from, to] = await Promise.all([
    findRevision(ctx.deps.sql, fromId),
    findRevision(ctx.deps.sql, toId),
  ]);
  if (!from || !to) throw new AppError("not_found", "没有这个稿件");
  for (const revision of [from, to]) await assertCanReadRevision(ctx, revision);
  if (from.caseId !== to.caseId) {
    throw new AppError("validation_failed", "只能比较同一事件的稿件", {
      errors: [{ path: "from", message: "不是同一事件的稿件" }],
    });
  }
  const changes = fields
    .filter((f) => comparable(from[f]) !== comparable(to[f]))
    .map((f) => ({ field: f, from: from[f] as unknown, to: to[f] as unknown }));
  const body = diffLines(from.bodyMd, to.bodyMd).map((c) => ({
    op: c.added ? ("added" as const) : c.removed ? ("removed" as const) : ("same" as const),
    value: c.value,
    lines: c.count ?? 0,
  }));
  return { from: ref(from), to: ref(to), changes, body };
}

const ref = (r: RevisionRow) => ({ id: r.id, number: r.number });

import crypto from "node:crypto";
import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";

const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * "这条解答有帮助吗？": records a yes/no, once per visitor (address + user agent) per day; a
 * repeat is a 409. Drill and unknown rebuttals are 404.
 * @example await voteHelpful(ctx, { id, helpful: true }) → { helpful: 12, notHelpful: 1 }
 */
export async function voteHelpful(
  { deps, meta }: ServiceCtx,
  input: { id: string; helpful: boolean },
) {
  const now = deps.now();
  const day = shanghaiDay(now);
  const voter = crypto
    .createHash("sha256")
    .update(`helpful|${deps.config.publicUrl}|${meta.ip}|${meta.userAgent ?? ""}|${day}`)
    .digest("hex");
  const [rebuttal] = await deps.sql<{ id: string }[]>`
    select id from rebuttals where id = ${input.id} and not drill and status = 'live'`;
  if (!rebuttal) throw new AppError("not_found", "没有这条解答");
  const inserted = await deps.sql`
    insert into helpful_votes (rebuttal_id, voter_hash, day, helpful, created_at)
    values (${input.id}, ${voter}, ${day}, ${input.helpful}, ${now})
    on conflict do nothing returning 1`;
  if (inserted.length === 0) throw new AppError("conflict", "今天已经评价过这条解答，谢谢！");
  const [counts] = await deps.sql<{ helpful: number; notHelpful: number }[]>`
    select count(*) filter (where helpful)::int as helpful,
           count(*) filter (where not helpful)::int as not_helpful
    from helpful_votes where rebuttal_id = ${input.id}`;
  return counts!;
}

import { hasRole } from "../auth/actor.ts";
import type { ServiceCtx } from "../context.ts";
import { recentPublicEvents } from "../events/db.ts";
import { AppError } from "../http/errors.ts";

/**
 * The newest published, updated and retracted messages, newest first: what the media portal's
 * live list shows on opening, so a reload never empties it.
 * @example const { items } = await listRecentMessages(ctx, { limit: 20 });
 */
export async function listRecentMessages(ctx: ServiceCtx, { limit }: { limit: number }) {
  if (!hasRole(ctx.actor, "media", "admin", "coordinator")) {
    throw new AppError("forbidden", "只有媒体、协调员和管理员可以查看实时发布");
  }
  const rows = await recentPublicEvents(ctx.deps.sql, Math.min(Math.max(limit, 1), 100));
  return {
    items: rows.map((r) => {
      const rebuttal = (r.data.rebuttal ?? {}) as Record<string, unknown>;
      return {
        id: r.id,
        seq: r.seq,
        type: r.type,
        occurredAt: r.occurredAt.toISOString(),
        title: String(rebuttal.title ?? ""),
        summary: String(rebuttal.summary ?? ""),
        verdict: (rebuttal.verdict as string | null) ?? null,
        url: (rebuttal.url as string | undefined) ?? null,
        drill: rebuttal.drill === true,
      };
    }),
  };
}

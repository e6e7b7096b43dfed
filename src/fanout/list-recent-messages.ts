import { hasRole } from "../auth/actor.ts";
import type { ServiceCtx } from "../context.ts";
import { recentPublicEvents } from "../events/db.ts";
import { AppError } from "../http/errors.ts";
import { shareCardUrl } from "../images/card-path.ts";
import { headline } from "../vocabulary/claim-answer.ts";
import { isVerdict } from "../vocabulary/verdicts.ts";

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
        // Claim with its verdict, then the answer: the verdict never sits on the advice.
        title: headline({
          claim: typeof rebuttal.claim === "string" ? rebuttal.claim : null,
          verdict: isVerdict(rebuttal.verdict) ? rebuttal.verdict : null,
          title: String(rebuttal.title ?? ""),
        }),
        summary: String(rebuttal.summary ?? ""),
        url: (rebuttal.url as string | undefined) ?? null,
        cardUrl:
          typeof rebuttal.url === "string" && typeof rebuttal.slug === "string"
            ? shareCardUrl(rebuttal.url, rebuttal.slug)
            : null,
        drill: rebuttal.drill === true,
      };
    }),
  };
}

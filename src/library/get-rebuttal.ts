import type { Deps } from "../deps.ts";
import { AppError } from "../http/errors.ts";
import { getPublicRebuttal } from "./db/library-public.ts";

export type PublicRebuttal = NonNullable<Awaited<ReturnType<typeof getPublicRebuttal>>>;

/**
 * A published rebuttal by id or slug, for anyone: retracted ones are shown as retracted with
 * the reason; drills and unknown ids are 404.
 * @example const r = await getRebuttal(deps, "5g-does-not-spread-viruses");
 */
export async function getRebuttal(deps: Deps, idOrSlug: string): Promise<PublicRebuttal> {
  const rebuttal = await getPublicRebuttal(deps.sql, idOrSlug);
  if (!rebuttal) throw new AppError("not_found", "没有找到这条辟谣");
  return rebuttal;
}

/** The JSON shape of a public rebuttal (dates as ISO strings). */
export function rebuttalJson(r: PublicRebuttal) {
  return {
    id: r.id,
    ...(r.externalId ? { externalId: r.externalId } : {}),
    slug: r.slug,
    kind: r.kind,
    claim: r.claim,
    verdict: r.verdict,
    title: r.title,
    summary: r.summary,
    bodyHtml: r.bodyHtml,
    sources: r.sources,
    tags: r.tags,
    category: r.category,
    regions: r.regions,
    urgency: r.urgency,
    status: r.status,
    imported: r.imported,
    version: r.version,
    publishedAt: r.publishedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    retractedAt: r.retractedAt?.toISOString() ?? null,
    retractionReason: r.retractionReason,
    coSigners: r.coSigners,
    history: r.history.map((h) => ({ ...h, publishedAt: h.publishedAt.toISOString() })),
  };
}

import { qrDataUri } from "../authenticity/qr.ts";
import { rebuttalSeal } from "../authenticity/seal.ts";
import type { Deps } from "../deps.ts";
import { getRebuttal, type PublicRebuttal } from "../library/get-rebuttal.ts";
import { currentShareCard, saveShareCard } from "./db/share-cards.ts";
import { renderShareCard } from "./render-card.ts";

export { shareCardPath } from "./card-path.ts";

/**
 * The share card of a published rebuttal by id or slug: served from the cache (one query) when
 * its version, status and signature are unchanged, else rendered and kept.
 * @example const { png } = await shareCard(deps, "banlangen-prevents");
 */
export async function shareCard(
  deps: Deps,
  idOrSlug: string,
): Promise<{ png: Buffer; cardKey: string; cached: boolean }> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  const current = await currentShareCard(deps.sql, idOrSlug, isUuid);
  if (current?.png) return { png: current.png, cardKey: current.cardKey, cached: true };
  const rebuttal = await getRebuttal(deps, idOrSlug);
  const seal = await rebuttalSeal(deps, rebuttal.id);
  const cardKey = `${rebuttal.version}:${rebuttal.status}:${seal?.code ?? "-"}`;
  const started = performance.now();
  const pageUrl = `${deps.config.publicUrl}/r/${encodeURIComponent(rebuttal.slug)}`;
  const png = await renderShareCard(
    await cardContent(rebuttal, seal?.verifyUrl ?? pageUrl, seal?.code),
  );
  const renderedMs = Math.round(performance.now() - started);
  await saveShareCard(deps.sql, { rebuttalId: rebuttal.id, cardKey, png, renderedMs });
  return { png, cardKey, cached: false };
}

async function cardContent(r: PublicRebuttal, qrUrl: string, code: string | undefined) {
  return {
    claim: r.claim ?? r.title,
    verdict: r.verdict ?? "unproven",
    title: r.title,
    summary: r.summary,
    organisations: r.coSigners.map((o) => o.name),
    date: r.updatedAt.toISOString().slice(0, 10),
    retracted: r.status === "retracted",
    qrDataUri: await qrDataUri(qrUrl),
    qrCaption: code ? `扫码核验真伪 · 核验码 ${code}` : "扫码查看全文与依据",
  };
}

import { byId, type RankedRebuttal } from "./rank.ts";

/** Weight of Meilisearch's rank against the bigram score (tuned in bench/relevance.ts). */
const MEILI_WEIGHT = 0.15;
/** Bigram scores under this are noise unless Meilisearch agrees. */
const MIN_SCORE = 0.12;

/**
 * One ranking from the bigram scores (0..1) and Meilisearch's order: each Meilisearch hit
 * adds a bonus falling with its rank, so typo-tolerant and synonym hits rise and agreement
 * wins ties. Ids Meilisearch alone found are kept, after their bonus.
 * @example fuseRankings([{ id: "a", score: 0.8, … }], ["b", "a"]) → ["a", "b"]
 */
export function fuseRankings(ranked: RankedRebuttal[], meiliIds: string[]): string[] {
  const score = new Map<string, number>();
  for (const r of ranked) if (r.score >= MIN_SCORE) score.set(r.id, r.score);
  meiliIds.forEach((id, rank) => {
    score.set(id, (score.get(id) ?? 0) + MEILI_WEIGHT / (1 + rank * 0.5));
  });
  return [...score.entries()].sort((a, b) => b[1] - a[1] || byId(a[0], b[0])).map(([id]) => id);
}

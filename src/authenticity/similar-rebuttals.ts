import type { Deps } from "../deps.ts";
import { matchRebuttals } from "../library/match.ts";

export interface SimilarRebuttal {
  rebuttalId: string;
  title: string;
  verdict: string | null;
  score: number;
}

/**
 * Live rebuttals whose text resembles a notice, best first: the one place this area calls the
 * library's matching, so that the search rewrite changes one function here.
 * @example const [best] = await similarRebuttals(deps, pastedText);
 */
export async function similarRebuttals(
  deps: Deps,
  text: string,
  limit = 5,
): Promise<SimilarRebuttal[]> {
  const matches = await matchRebuttals(deps, text, { limit });
  return matches.map((m) => ({
    rebuttalId: m.rebuttalId,
    title: m.title,
    verdict: m.verdict,
    score: m.score,
  }));
}

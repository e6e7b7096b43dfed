import type { Sql } from "../db/client.ts";
import { openCaseTexts } from "./db/reports.ts";
import type { MatchingSettings } from "./settings.ts";
import { fingerprint, similarity } from "./similarity.ts";

export interface CaseSimilarity {
  caseId: string;
  score: number;
}

/**
 * Open, non-drill cases whose title or reports resemble folded text, best first, each scored
 * by its most similar text.
 */
export async function similarOpenCases(
  sql: Sql,
  textNorm: string,
  s: MatchingSettings,
  opts: { min: number; exclude?: string } = { min: 0 },
): Promise<CaseSimilarity[]> {
  const query = fingerprint(textNorm, s);
  const best = new Map<string, number>();
  for (const row of await openCaseTexts(sql)) {
    if (row.caseId === opts.exclude) continue;
    const score = similarity(query, fingerprint(row.text, s));
    if (score > (best.get(row.caseId) ?? 0)) best.set(row.caseId, score);
  }
  return [...best]
    .filter(([, score]) => score >= opts.min && score > 0)
    .map(([caseId, score]) => ({ caseId, score: Math.round(score * 1000) / 1000 }))
    .sort((a, b) => b.score - a.score);
}

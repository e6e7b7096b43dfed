import { type MatchingSettings, matchingSettings } from "../cases/settings.ts";
import { fingerprint, similarity } from "../cases/similarity.ts";
import { normalizeText } from "../text/normalize.ts";

export interface MissedQuery {
  queryNorm: string;
  hours: Date[];
  counts: number[];
  /** A coordinator opened one of the cases from this very query. */
  linked: boolean;
}

/**
 * The missed searches that were about the cases: those a case was opened from, and those whose
 * query resembles one of the cases' texts as much as a report must to join an open case
 * (`attachCase`, the same weighted bigram similarity as intake).
 * @example const mine = missesAbout(queries, [{ text: "板蓝根能预防新冠", folded: false }]);
 */
export function missesAbout(
  queries: MissedQuery[],
  texts: { text: string; folded: boolean }[],
  s: MatchingSettings = matchingSettings(),
): MissedQuery[] {
  const prints = texts
    .map((t) => (t.folded ? t.text : normalizeText(t.text)))
    .filter(Boolean)
    .map((t) => fingerprint(t, s));
  return queries.filter((q) => {
    if (q.linked) return true;
    const query = fingerprint(q.queryNorm, s);
    return prints.some((p) => similarity(query, p) >= s.attachCase);
  });
}

import type { Sql } from "../db/client.ts";
import { type CaseText, changedCaseTexts, openCaseTexts } from "./db/open-case-texts.ts";
import type { MatchingSettings } from "./settings.ts";
import {
  COMPARED_CHARS,
  caseCandidates,
  type Fingerprint,
  fingerprint,
  type QueryHashes,
  queryHashes,
  similarity,
} from "./similarity.ts";

export interface CaseSimilarity {
  caseId: string;
  score: number;
}

/** How folded text compares with every open case, as read in one snapshot. */
export interface OpenCaseReading {
  query: Fingerprint;
  hashes: QueryHashes;
  /** Each case's best score over its texts (cases scoring 0 are left out). */
  best: Map<string, number>;
  snapshot: string;
  /**
   * Only the case holding the same text among its latest reports was read (ADR 0270): `best`
   * names it alone, and settling such a reading would miss the cases it skipped.
   */
  repeat: boolean;
  /** The text's score against its own stored copy (`selfScore`), when `repeats` asked for it. */
  selfScore?: number;
}

function scoreTexts(
  query: Fingerprint,
  texts: CaseText[],
  s: MatchingSettings,
  into: Map<string, number>,
) {
  for (const row of texts) {
    const score = row.text === null ? row.score : similarity(query, fingerprint(row.text, s));
    if (score > (into.get(row.caseId) ?? 0)) into.set(row.caseId, score);
  }
  return into;
}

/**
 * Scores folded text against the open, non-drill cases (their title and latest reports) that
 * could score `min` or more, outside any lock; `settleOpenCases` brings the reading up to date
 * under the intake lock. Scores below `min` may be missing. With `repeats`, a text that an open
 * case holds among its latest reports reads that case alone (`repeat`, ADR 0270) when no text can
 * score above the text's own copy (`copyRanksFirst`), so it is one the full reading ranks first.
 * @example const reading = await readOpenCases(deps.sql, textNorm, s, s.attachCase);
 */
export async function readOpenCases(
  sql: Sql,
  textNorm: string,
  s: MatchingSettings,
  min: number,
  opts: { repeats?: boolean } = {},
): Promise<OpenCaseReading> {
  const query = fingerprint(textNorm, s);
  const hashes = queryHashes(query, s);
  const score = opts.repeats ? selfScore(textNorm, query, s) : undefined;
  const repeat =
    score !== undefined && copyRanksFirst(score) && score >= min ? { textNorm, score } : undefined;
  const which = caseCandidates(query, s, min);
  const read = await openCaseTexts(sql, hashes, which, min, repeat);
  const best = scoreTexts(query, read.texts, s, new Map());
  return { query, hashes, best, snapshot: read.snapshot, repeat: read.repeat, selfScore: score };
}

/**
 * Whether a case holding a copy of a text is sure to rank first for it: only when the text scores
 * 1 against the copy, the most any text scores. A text longer than `COMPARED_CHARS` is compared by
 * its head, and another text of the same message (another part of it, or it without its first
 * line) may share more of it than the head does, and so outscore the copy (ADR 0270).
 * @example if (copyRanksFirst(selfScore(norm, query, s))) …
 */
export const copyRanksFirst = (ownScore: number) => ownScore >= 1;

/**
 * The score of folded text against its own stored copy, compared by its head (`COMPARED_CHARS`).
 * @example const score = selfScore(norm, fingerprint(norm, s), s);
 */
export function selfScore(textNorm: string, query: Fingerprint, s: MatchingSettings): number {
  const head = Array.from(textNorm).slice(0, COMPARED_CHARS);
  if (head.length === textNorm.length) return similarity(query, query);
  return similarity(query, fingerprint(head.join(""), s));
}

/**
 * The reading as if taken now: cases changed since its snapshot (by transactions it could not
 * see) are rescored from their current texts, or dropped when no longer open. Under the intake
 * lock this equals a full reading, at the cost of the few cases that changed.
 * @example const best = await settleOpenCases(tx, await readOpenCases(deps.sql, norm, s), s);
 */
export async function settleOpenCases(
  sql: Sql,
  reading: OpenCaseReading,
  s: MatchingSettings,
): Promise<Map<string, number>> {
  const { changed, texts } = await changedCaseTexts(sql, reading.snapshot, reading.hashes);
  const best = new Map(reading.best);
  for (const id of changed) best.delete(id);
  return scoreTexts(reading.query, texts, s, best);
}

/** Cases scoring at least `min` (and above 0), best first, scores rounded to 0.001. */
export function rankCases(
  best: Map<string, number>,
  opts: { min: number; exclude?: string },
): CaseSimilarity[] {
  return [...best]
    .filter(([caseId, score]) => caseId !== opts.exclude && score >= opts.min && score > 0)
    .map(([caseId, score]) => ({ caseId, score: Math.round(score * 1000) / 1000 }))
    .sort((a, b) => b.score - a.score);
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
  return rankCases((await readOpenCases(sql, textNorm, s, opts.min)).best, opts);
}

import crypto from "node:crypto";
import type { Deps } from "../deps.ts";
import { AnswerCache } from "../library/cache.ts";
import { matchRebuttals, type RebuttalMatch } from "../library/match.ts";
import { BEST_ONLY } from "../library/retrieve.ts";

/**
 * How intake asks the library: Postgres's candidates alone (ADR 0290), its lookups narrowed to
 * `BEST_ONLY` (ADR 0324). Intake needs the best few and their same-rumour confidence, not a
 * public answer page.
 */
export const INTAKE_MATCH = { meili: false, lookup: BEST_ONLY } as const;

/** Longest time intake may reuse a library match: a publication is then seen within 2 s. */
export const INTAKE_MATCH_MAX_MS = 1000;

/**
 * The library's matches for a folded text, kept briefly by one process for intake only (ADR
 * 0230): on an emergency day one rumour is reported many times a second. Public search has its
 * own cache; this one holds only what every reporter of that text would be told (no report data).
 */
export type IntakeMatches = AnswerCache<Promise<RebuttalMatch[]>>;

/**
 * An intake match cache keeping each answer `ttlMs` (at most `INTAKE_MATCH_MAX_MS`), or none
 * when `ttlMs` is 0.
 * @example deps.intakeMatches = createIntakeMatches(config.intakeMatchCacheMs);
 */
export function createIntakeMatches(ttlMs: number): IntakeMatches | undefined {
  return ttlMs > 0 ? new AnswerCache(Math.min(ttlMs, INTAKE_MATCH_MAX_MS), 2000) : undefined;
}

/**
 * `matchRebuttals` for a report, answered from `deps.intakeMatches` when the same folded text was
 * matched less than its lifetime ago (by `deps.now()`, so tests control it).
 * @example const found = await matchForIntake(deps, input.text, textNorm, 5);
 */
export async function matchForIntake(
  deps: Deps,
  text: string,
  textNorm: string,
  limit: number,
): Promise<RebuttalMatch[]> {
  const cache = deps.intakeMatches;
  if (!cache) return matchRebuttals(deps, text, { limit, ...INTAKE_MATCH });
  // Keyed by a digest: 2,000 pasted messages of 5,000 characters would otherwise hold ≈ 20 MB.
  const key = crypto.createHash("sha256").update(`${limit}|${textNorm}`).digest("base64");
  // The promise is kept, so reports of one text arriving together are matched once.
  let pending = cache.get(key, deps.now().getTime());
  if (!pending) {
    pending = matchRebuttals(deps, text, { limit, ...INTAKE_MATCH });
    cache.set(key, pending, deps.now().getTime());
  }
  return pending.catch((err) => {
    cache.delete(key);
    throw err;
  });
}

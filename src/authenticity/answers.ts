import type { Deps } from "../deps.ts";
import { rebuttalStates, type SignatureRow } from "./db/signatures.ts";
import type { Difference } from "./message-text.ts";
import { type SignedMessage, signedMessage, verifyUrl } from "./signed-messages.ts";
import type { SimilarRebuttal } from "./similar-rebuttals.ts";
import { type Verdict, verdictFor } from "./verdict.ts";

/** A rebuttal as it stands now, shown beside what was presented. */
export interface CurrentRebuttal {
  rebuttalId: string;
  slug: string;
  url: string;
  kind: string;
  title: string;
  summary: string;
  /** The rebuttal's own verdict on the rumour (false / misleading / unproven / true). */
  verdict: string | null;
  status: "live" | "retracted";
  retractionReason: string | null;
  version: number;
  updatedAt: string;
  drill: boolean;
  /** The code of its latest signed message, and that message's verification page. */
  code: string | null;
  verifyUrl: string | null;
}

export interface ClosestRebuttal {
  rebuttalId: string;
  slug: string;
  url: string;
  title: string;
  verdict: string | null;
  score: number;
}

/** The answer of `verifyMessage`. */
export interface VerifyResult {
  verdict: Verdict;
  /** How it was decided: code, signature, text, similar_text, unknown_code, unknown_key, … */
  reason: string;
  rebuttalId?: string;
  /** The genuine signed message the input is (or, when altered, resembles). */
  message?: SignedMessage;
  current?: CurrentRebuttal;
  closest?: ClosestRebuttal[];
  /** Altered: the character differences, genuine text → presented text (white space folded). */
  differences?: Difference[];
  similarity?: number;
  /** Altered payload: the fields of `rebuttal` that differ from the signed ones. */
  changedFields?: string[];
}

/** The answer for a genuine signed message: its verdict now, with the current rebuttal. */
export async function answerFor(
  deps: Deps,
  row: SignatureRow,
  reason: string,
  override?: { verdict: Verdict } & Partial<VerifyResult>,
): Promise<VerifyResult> {
  const [current] = await currentRebuttals(deps, [row.rebuttalId]);
  const verdict = current ? verdictFor(row, current) : "genuine";
  return {
    verdict,
    reason,
    rebuttalId: row.rebuttalId,
    message: signedMessage(deps, row),
    ...(current ? { current } : {}),
    ...override,
  };
}

/** Rebuttals as they stand, in the order of `ids`. */
export async function currentRebuttals(deps: Deps, ids: string[]): Promise<CurrentRebuttal[]> {
  const rows = await rebuttalStates(deps.sql, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        rebuttalId: r.id,
        slug: r.slug,
        url: `${deps.config.publicUrl}/r/${encodeURIComponent(r.slug)}`,
        kind: r.kind,
        title: r.title,
        summary: r.summary,
        verdict: r.verdict,
        status: r.status,
        retractionReason: r.retractionReason,
        version: r.version,
        updatedAt: r.updatedAt.toISOString(),
        drill: r.drill,
        code: r.code,
        verifyUrl: r.code ? verifyUrl(deps.config.publicUrl, r.code) : null,
      },
    ];
  });
}

/** The closest live rebuttals, to show beside an unknown notice. */
export async function closestOf(
  deps: Deps,
  similar: SimilarRebuttal[],
): Promise<ClosestRebuttal[]> {
  const current = await currentRebuttals(
    deps,
    similar.map((s) => s.rebuttalId),
  );
  const score = new Map(similar.map((s) => [s.rebuttalId, s.score]));
  return current.map((c) => ({
    rebuttalId: c.rebuttalId,
    slug: c.slug,
    url: c.url,
    title: c.title,
    verdict: c.verdict,
    score: score.get(c.rebuttalId) ?? 0,
  }));
}

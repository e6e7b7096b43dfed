import type { Deps } from "../deps.ts";
import { canTransition } from "../vocabulary/case-states.ts";
import { findRound, lockCase, lockRound } from "./db/review.ts";
import { findRevision } from "./db/review-revisions.ts";
import { type PublishHooks, publishRevision } from "./publish.ts";

export type ReleaseOutcome = "published" | "already_released" | "withdrawn";

/**
 * Publishes an approved round whose release was scheduled (embargo), in one transaction.
 * Safe to run twice: a released round, or one a newer revision superseded, is left alone.
 */
export async function releaseRound(
  deps: Deps,
  roundId: string,
  opts: { hooks?: PublishHooks } = {},
): Promise<ReleaseOutcome> {
  return deps.sql.begin(async (tx) => {
    const probe = await findRound(tx, roundId);
    if (probe?.status !== "approved") return "withdrawn";
    const revision = (await findRevision(tx, probe.revisionId))!;
    // Lock order as everywhere else: the case, then the round.
    const theCase = (await lockCase(tx, revision.caseId))!;
    const round = (await lockRound(tx, roundId))!;
    if (round.status !== "approved") return "withdrawn";
    if (round.releasedAt) return "already_released";
    if (!canTransition(theCase.status, "published")) return "withdrawn";
    await publishRevision(tx, {
      deps,
      actor: { kind: "system", label: "scheduled-release" },
      theCase,
      revision,
      roundId,
      hooks: opts.hooks,
    });
    return "published";
  });
}

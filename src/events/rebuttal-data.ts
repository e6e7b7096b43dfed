import type { RebuttalKind } from "../vocabulary/rebuttal-kinds.ts";
import type { Verdict } from "../vocabulary/verdicts.ts";

/**
 * The `data` of `rebuttal.published`, `rebuttal.updated` and `rebuttal.retracted`: built once by
 * the publishing transaction, carried unchanged by every channel.
 */
export interface RebuttalEventData {
  rebuttal: {
    id: string;
    slug: string;
    /** The public page, absolute (PUBLIC_URL). */
    url: string;
    kind: RebuttalKind;
    claim: string | null;
    verdict: Verdict | null;
    title: string;
    summary: string;
    category: string | null;
    regions: string[];
    urgency: number | null;
    coSigners: { id: string; name: string }[];
    version: number;
    publishedAt: string;
    updatedAt: string;
    drill: boolean;
  };
  /** For rebuttal.updated: the version it replaces. */
  previousVersion?: number;
  /** For rebuttal.retracted. */
  reason?: string;
}

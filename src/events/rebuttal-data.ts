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
    kind: "rebuttal" | "explainer" | "guidance";
    claim: string | null;
    verdict: "false" | "misleading" | "unproven" | "true" | null;
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

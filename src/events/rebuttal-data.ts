import { z } from "zod";
import { rebuttalKinds } from "../vocabulary/rebuttal-kinds.ts";
import { verdicts } from "../vocabulary/verdicts.ts";

/** The published message as every channel carries it, built once by the publishing transaction. */
export const rebuttalSnapshot = z.object({
  id: z.string(),
  slug: z.string(),
  /** The public page, absolute (PUBLIC_URL). */
  url: z.string(),
  kind: z.enum(rebuttalKinds),
  claim: z.string().nullable(),
  verdict: z.enum(verdicts).nullable(),
  title: z.string(),
  /**
   * The claim with its verdict, then the answer: "网传「…」？谣言。真相：…" (the title alone when
   * no claim). Use it wherever one line must stand for the message; absent in events recorded
   * before it existed.
   */
  headline: z.string().optional(),
  summary: z.string(),
  category: z.string().nullable(),
  regions: z.array(z.string()),
  urgency: z.number().int().nullable(),
  coSigners: z.array(z.object({ id: z.string(), name: z.string() })),
  version: z.number().int(),
  publishedAt: z.string(),
  updatedAt: z.string(),
  drill: z.boolean(),
  /** The emergency topics (应急专题) the message belongs to; absent in events before topics. */
  topics: z.array(z.object({ slug: z.string(), name: z.string() })).optional(),
});
export type RebuttalSnapshot = z.output<typeof rebuttalSnapshot>;

/** `rebuttal.published`: the new message. */
export const rebuttalPublishedData = z.object({ rebuttal: rebuttalSnapshot });
/** `rebuttal.updated`: the new version, and the version it replaces. */
export const rebuttalUpdatedData = z.object({
  rebuttal: rebuttalSnapshot,
  previousVersion: z.number().int(),
});
/** `rebuttal.retracted`: the message as it was, and why it was withdrawn. */
export const rebuttalRetractedData = z.object({ rebuttal: rebuttalSnapshot, reason: z.string() });

export type RebuttalPublishedData = z.output<typeof rebuttalPublishedData>;
export type RebuttalUpdatedData = z.output<typeof rebuttalUpdatedData>;
export type RebuttalRetractedData = z.output<typeof rebuttalRetractedData>;
/** The `data` of any public event. */
export type RebuttalEventData = RebuttalPublishedData | RebuttalUpdatedData | RebuttalRetractedData;

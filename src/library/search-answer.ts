import { z } from "zod";
import { wellFormed } from "../text/well-formed.ts";

import { verdicts } from "../vocabulary/verdicts.ts";

export { verdicts };

export const SearchInput = z.object({
  q: z.string().max(10_000).default("").transform(wellFormed),
  category: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/)
    .optional(),
  verdict: z.enum(verdicts).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
});
export type SearchInput = z.infer<typeof SearchInput>;

export interface SearchHit {
  id: string;
  externalId?: string;
  slug: string;
  claim: string | null;
  title: string;
  summary: string;
  verdict: string | null;
  category: string | null;
  regions: string[];
  publishedAt: string;
  highlight: { claim: string | null; title: string; summary: string };
}

export interface SearchAnswer {
  hits: SearchHit[];
  total: number;
  degraded: boolean;
  /** The first hit answers the same rumour (`isSameRumour`); else only related hits. */
  confident: boolean;
}

export interface RebuttalMatch {
  rebuttalId: string;
  title: string;
  verdict: string | null;
  /** How well it matches the text, 0..1 (compare with `suggest`). */
  score: number;
  /** That it answers the same rumour, 0..1 (`isSameRumour`: at or above `autoMatch`); 0 except for the best. */
  confidence: number;
}

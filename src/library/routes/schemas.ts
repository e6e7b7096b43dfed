import { z } from "@hono/zod-openapi";
import { rebuttalKinds } from "../../vocabulary/rebuttal-kinds.ts";
import { verdicts } from "../../vocabulary/verdicts.ts";

export { Problem, problems } from "../../http/openapi-schemas.ts";

export const Verdict = z.enum(verdicts);

export const SearchHit = z
  .object({
    id: z.uuid(),
    externalId: z.string().optional(),
    slug: z.string(),
    claim: z.string().nullable(),
    title: z.string(),
    summary: z.string(),
    verdict: Verdict.nullable(),
    category: z.string().nullable(),
    regions: z.array(z.string()),
    publishedAt: z.string(),
    highlight: z.object({
      claim: z.string().nullable(),
      title: z.string(),
      summary: z.string(),
    }),
  })
  .openapi("RebuttalHit");

export const SearchResult = z
  .object({
    hits: z.array(SearchHit),
    total: z.number().int(),
    degraded: z.boolean(),
    confident: z.boolean().openapi({
      description:
        "true when the first hit answers the same rumour with confidence (score ≥ autoMatch); false means 暂无权威解答: the hits are only related content, and the search is counted as a miss",
    }),
  })
  .openapi("RebuttalSearchResult");

export const Rebuttal = z
  .object({
    id: z.uuid(),
    externalId: z.string().optional(),
    slug: z.string(),
    kind: z.enum(rebuttalKinds),
    claim: z.string().nullable(),
    verdict: Verdict.nullable(),
    title: z.string(),
    summary: z.string(),
    bodyHtml: z.string(),
    sources: z.array(z.object({ title: z.string(), url: z.string() })),
    tags: z.array(z.string()),
    category: z.string().nullable(),
    regions: z.array(z.string()),
    urgency: z.number().int().nullable(),
    status: z.enum(["live", "retracted"]),
    imported: z.boolean(),
    version: z.number().int(),
    publishedAt: z.string(),
    updatedAt: z.string(),
    retractedAt: z.string().nullable(),
    retractionReason: z.string().nullable(),
    coSigners: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string() })),
    history: z.array(
      z.object({
        version: z.number().int(),
        title: z.string(),
        summary: z.string(),
        verdict: z.string().nullable(),
        publishedAt: z.string(),
        note: z.string(),
      }),
    ),
  })
  .openapi("Rebuttal");

import { z } from "@hono/zod-openapi";

const hours = (max: number, fallback: number, what: string) =>
  z.coerce
    .number(`${what}须为小时数`)
    .int(`${what}须为整数小时`)
    .min(1, `${what}至少 1 小时`)
    .max(max, `${what}最多 ${max} 小时`)
    .optional()
    .default(fallback);

/** The window of an effect chart, in hours around the publication moment. */
export const EffectWindowQuery = z.object({
  before: hours(168, 48, "发布前").openapi({ description: "Hours before publication (1–168)" }),
  after: hours(336, 72, "发布后").openapi({ description: "Hours after publication (1–336)" }),
});
export type EffectWindowQuery = z.output<typeof EffectWindowQuery>;

const count = z.number().int();
const rate = z.number().nullable();

export const EffectHour = z.object({
  hour: z.string().openapi({ description: "The hour's start (UTC, ISO 8601)" }),
  phase: z.enum(["before", "after"]),
  reports: count,
  reportsBefore: count.openapi({ description: "Reports of this hour sent before publication" }),
  reportsAfter: count,
  answeredInstantly: count.openapi({ description: "Reports answered at once by a rebuttal" }),
  searches: count,
  searchesMissed: count.openapi({
    description: "Searches about the case without a confident answer",
  }),
  searchesLanded: count.openapi({
    description: "Searches whose confident first hit was its rebuttal",
  }),
  searchClicks: count.openapi({ description: "Opens of its rebuttal page from search results" }),
  views: count,
  helpful: count,
  notHelpful: count,
});

const Phase = z.object({
  hours: count,
  reports: count,
  searches: count,
  reportsPerHour: rate,
  searchesPerHour: rate,
});

export const CaseEffect = z
  .object({
    caseId: z.string(),
    drill: z
      .boolean()
      .openapi({ description: "A drill case: its figures are the drill's own, never public" }),
    publishedAt: z.string().nullable().openapi({ description: "First publication; null: not yet" }),
    publications: z.array(
      z.object({
        rebuttalId: z.string(),
        slug: z.string(),
        title: z.string(),
        publishedAt: z.string(),
      }),
    ),
    window: z.object({ from: z.string(), to: z.string(), before: count, after: count }),
    hours: z.array(EffectHour),
    before: Phase,
    after: Phase.extend({ answeredInstantly: count }),
    views: count,
    searchClicks: count,
    helpful: count,
    notHelpful: count,
    instantAnswerShare: rate.openapi({
      description:
        "Of the reports about the case after publication, the share a rebuttal answered at once (0–1); null before publication or without reports",
    }),
  })
  .openapi("CaseEffect");
export type CaseEffect = z.output<typeof CaseEffect>;

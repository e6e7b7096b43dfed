import { z } from "zod";
import { readContentJson } from "../content/reference.ts";
import { CONFIDENCE_FEATURES } from "../library/confidence-features.ts";

const level = z.object({
  name: z.string().min(1),
  firstDraftMinutes: z.number().positive(),
  reviewMinutes: z.number().positive(),
  responseMinutes: z.number().positive(),
});

const deadlinesFile = z.object({
  warningRatio: z.number().gt(0).lt(1),
  triageMinutes: z.number().positive(),
  levels: z.object({ "1": level, "2": level, "3": level, "4": level }),
});

const matchingFile = z.object({
  autoMatch: z.number().min(0).max(1),
  suggest: z.number().min(0).max(1),
  attachCase: z.number().min(0).max(1),
  maxSuggestions: z.number().int().min(1).max(20),
  commonShingleWeight: z.number().min(0).max(1),
  // A set, built once: every comparison of a report with an open case's text probes it.
  commonShingles: z.array(z.string().min(1)).transform((list) => new Set(list)),
  outbreakWords: z.array(z.string().min(1)).min(1),
  actions: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
  confidence: z.object({
    minScore: z.number().min(0).max(1),
    intercept: z.number(),
    weights: z.object(
      Object.fromEntries(CONFIDENCE_FEATURES.map((f) => [f, z.number()])) as Record<
        (typeof CONFIDENCE_FEATURES)[number],
        z.ZodNumber
      >,
    ),
  }),
});

export type DeadlineSettings = z.output<typeof deadlinesFile>;
export type MatchingSettings = z.output<typeof matchingFile>;

let deadlines: DeadlineSettings | undefined;
let matching: MatchingSettings | undefined;

/** content/deadlines.json, validated once per process. */
export function deadlineSettings(): DeadlineSettings {
  deadlines ??= readContentJson("deadlines.json", deadlinesFile);
  return deadlines;
}

/** content/matching.json, validated once per process; suggest must not exceed autoMatch. */
export function matchingSettings(): MatchingSettings {
  if (!matching) {
    const read = readContentJson("matching.json", matchingFile);
    if (read.suggest > read.autoMatch) {
      throw new Error("content/matching.json is invalid: suggest must not exceed autoMatch");
    }
    matching = read;
  }
  return matching;
}

/** Validates content/deadlines.json and content/matching.json at start, so a bad edit stops it. */
export async function checkCaseSettings(): Promise<string> {
  const d = deadlineSettings();
  const m = matchingSettings();
  const hours = (["1", "2", "3", "4"] as const).map((l) => d.levels[l].responseMinutes / 60);
  return `deadlines ${hours.join("/")} h, auto-match ≥ ${m.autoMatch}, attach ≥ ${m.attachCase}`;
}

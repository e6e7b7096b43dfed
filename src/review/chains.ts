import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { organisationKinds, roles } from "../auth/actor.ts";
import { CONTENT_DIR, readCategories } from "../content/reference.ts";

const FILE = "review-chains.json";

const policyStep = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9-]*$/, "key must be a lower-case slug"),
    name: z.string().min(1),
    role: z.enum(roles),
    organisationKind: z.enum(organisationKinds).optional(),
    organisation: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "organisation must be an organisation slug")
      .optional(),
    approvals: z.number().int().min(1).max(10).default(1),
  })
  .strict()
  .refine((s) => !(s.organisation && s.organisationKind), {
    message: "name either an organisation or an organisation kind, not both",
  });

const policy = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    name: z.string().min(1),
    default: z.boolean().default(false),
    categories: z.array(z.string()).default([]),
    steps: z.array(policyStep).min(1),
    updateSteps: z.array(z.string()).optional(),
  })
  .strict();

const chainsFile = z
  .object({
    $comment: z.string().optional(),
    fastTrack: z
      .object({
        urgencies: z.array(z.number().int().min(1).max(4)),
        stepDeadlineMinutes: z.number().int().min(1),
      })
      .strict(),
    policies: z.array(policy).min(1),
  })
  .strict();

export type PolicyStep = z.output<typeof policyStep>;
export type ReviewPolicy = z.output<typeof policy>;
export type ReviewChains = z.output<typeof chainsFile>;

function crossChecks(chains: ReviewChains, categories: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const claimed = new Map<string, string>();
  chains.policies.forEach((p, i) => {
    const at = `policies.${i}`;
    if (ids.has(p.id)) problems.push(`${at}.id: duplicate policy id ${p.id}`);
    ids.add(p.id);
    p.categories.forEach((c, j) => {
      if (!categories.has(c)) problems.push(`${at}.categories.${j}: unknown category ${c}`);
      const other = claimed.get(c);
      if (other) problems.push(`${at}.categories.${j}: ${c} is already in policy ${other}`);
      claimed.set(c, p.id);
    });
    const keys = p.steps.map((s) => s.key);
    keys.forEach((k, j) => {
      if (keys.indexOf(k) !== j) problems.push(`${at}.steps.${j}.key: duplicate step key ${k}`);
    });
    (p.updateSteps ?? []).forEach((k, j) => {
      if (!keys.includes(k)) problems.push(`${at}.updateSteps.${j}: unknown step key ${k}`);
    });
  });
  const defaults = chains.policies.filter((p) => p.default).length;
  if (defaults !== 1)
    problems.push(`policies: exactly one policy must be the default (${defaults})`);
  return problems;
}

/**
 * Validates review-chain policies; throws an Error naming the file and the path of every
 * problem (unknown role, organisation kind, category, step key…).
 */
export function parseReviewChains(raw: unknown, categories: ReadonlySet<string>): ReviewChains {
  const parsed = chainsFile.safeParse(raw);
  const problems = parsed.success
    ? crossChecks(parsed.data, categories)
    : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  if (problems.length > 0) throw new Error(`content/${FILE} is invalid: ${problems.join("; ")}`);
  return parsed.data!;
}

let cached: ReviewChains | undefined;

/** The shipped policies from content/, validated once per process. */
export function reviewChains(): ReviewChains {
  if (!cached) {
    const raw = JSON.parse(fs.readFileSync(path.join(CONTENT_DIR, FILE), "utf8"));
    cached = parseReviewChains(raw, new Set(readCategories().map((c) => c.slug)));
  }
  return cached;
}

/** Every organisation slug the policies name, for the load-time report. */
export function namedOrganisations(chains: ReviewChains): string[] {
  const slugs = chains.policies.flatMap((p) => p.steps.flatMap((s) => s.organisation ?? []));
  return [...new Set(slugs)];
}

export interface ChosenChain {
  policyId: string;
  mode: "sequential" | "parallel";
  steps: PolicyStep[];
  stepDeadlineMinutes: number | null;
}

/**
 * Picks the policy for a case by category, the shorter update chain for a live message, and
 * the parallel fast track for the urgencies the file lists.
 * @example chooseChain(reviewChains(), { category: "vaccines", urgency: 1, isUpdate: false })
 */
export function chooseChain(
  chains: ReviewChains,
  c: { category: string | null; urgency: number | null; isUpdate: boolean },
): ChosenChain {
  const p =
    chains.policies.find((x) => c.category && x.categories.includes(c.category)) ??
    chains.policies.find((x) => x.default)!;
  const steps =
    c.isUpdate && p.updateSteps ? p.steps.filter((s) => p.updateSteps!.includes(s.key)) : p.steps;
  const fast = c.urgency !== null && chains.fastTrack.urgencies.includes(c.urgency);
  return {
    policyId: p.id,
    mode: fast ? "parallel" : "sequential",
    steps,
    stepDeadlineMinutes: fast ? chains.fastTrack.stepDeadlineMinutes : null,
  };
}

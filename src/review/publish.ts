import { appendAudit } from "../audit/append.ts";
import type { Actor, RequestMeta } from "../auth/actor.ts";
import { signRebuttalEvent } from "../authenticity/sign-rebuttal-event.ts";
import type { Sql } from "../db/client.ts";
import type { Deps } from "../deps.ts";
import type { RebuttalPublishedData } from "../events/rebuttal-data.ts";
import { recordEvent } from "../events/record.ts";
import { enqueue } from "../jobs/define.ts";
import { indexRebuttal } from "../library/jobs.ts";
import { pinyinSlug } from "../text/slug.ts";
import { topicsOfRebuttal } from "../topics/db/topic-links.ts";
import { headline } from "../vocabulary/claim-answer.ts";
import {
  insertRebuttal,
  insertRebuttalVersion,
  lockRebuttalOfCase,
  type RebuttalContent,
  type RebuttalRow,
  takenSlugs,
  updateRebuttal,
} from "./db/publish.ts";
import { type CaseRow, markRoundReleased, organisationsByIds, setCaseStatus } from "./db/review.ts";
import type { RevisionRow } from "./db/review-revisions.ts";
import { deriveSearchSafely } from "./derive-search.ts";

/** The points of the publishing transaction where tests may inject a failure. */
export type PublishStep = "rebuttal" | "version" | "case" | "audit" | "event" | "index";

export interface PublishHooks {
  /** Runs after each step inside the transaction; throwing aborts the whole publication. */
  afterStep?: (step: PublishStep) => Promise<void> | void;
}

function content(revision: RevisionRow, theCase: CaseRow): RebuttalContent {
  return {
    revisionId: revision.id,
    kind: revision.kind,
    claim: revision.claim,
    verdict: revision.verdict,
    title: revision.title,
    summary: revision.summary,
    bodyMd: revision.bodyMd,
    bodyHtml: revision.bodyHtml,
    sources: revision.sources,
    tags: revision.tags,
    category: theCase.category,
    regions: [theCase.regionCode ?? "460000"],
    urgency: theCase.urgency,
    coSignerOrgIds: revision.coSignerOrgIds,
    drill: theCase.drill,
  };
}

/** The payload every channel carries for a rebuttal event (updates and retractions add to it). */
export async function rebuttalEventData(
  tx: Sql,
  deps: Deps,
  r: RebuttalRow,
): Promise<RebuttalPublishedData> {
  const coSigners = (await organisationsByIds(tx, r.coSignerOrgIds)).map((o) => ({
    id: o.id,
    name: o.name,
  }));
  return {
    rebuttal: {
      id: r.id,
      slug: r.slug,
      url: `${deps.config.publicUrl}/r/${encodeURIComponent(r.slug)}`,
      kind: r.kind,
      claim: r.claim,
      verdict: r.verdict,
      title: r.title,
      headline: headline(r),
      summary: r.summary,
      category: r.category,
      regions: r.regions,
      urgency: r.urgency,
      coSigners,
      version: r.version,
      publishedAt: r.publishedAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      drill: r.drill,
      topics: [...(await topicsOfRebuttal(tx, r.id))],
    },
  };
}

/**
 * A readable, unique address for a new rebuttal: its title in pinyin, with the case number when
 * another rebuttal has that title's slug; `case-N` when the title has nothing readable. Published
 * slugs never change (updates keep theirs), so old addresses such as `/r/case-1` keep working.
 */
export async function newRebuttalSlug(tx: Sql, title: string, caseNumber: number): Promise<string> {
  const base = pinyinSlug(title);
  const fallback = `case-${caseNumber}`;
  const candidates = base ? [base, `${base}-${caseNumber}`, fallback] : [fallback];
  const taken = await takenSlugs(tx, candidates);
  return candidates.find((s) => !taken.has(s)) ?? fallback;
}

/** Creates or updates the case's rebuttal and keeps the published text as a version row. */
async function writeRebuttal(
  tx: Sql,
  p: { theCase: CaseRow; revision: RevisionRow },
  now: Date,
  step: (s: PublishStep) => Promise<void>,
) {
  const previous = await lockRebuttalOfCase(tx, p.theCase.id);
  const fields = { ...content(p.revision, p.theCase), now };
  const rebuttal = previous
    ? await updateRebuttal(tx, previous.id, fields)
    : await insertRebuttal(tx, {
        ...fields,
        slug: await newRebuttalSlug(tx, p.revision.title, p.theCase.number),
        caseId: p.theCase.id,
      });
  await step("rebuttal");
  await insertRebuttalVersion(tx, {
    rebuttalId: rebuttal.id,
    version: rebuttal.version,
    revisionId: p.revision.id,
    title: rebuttal.title,
    summary: rebuttal.summary,
    verdict: rebuttal.verdict,
    bodyHtml: p.revision.bodyHtml,
    note: previous ? `更新（第 ${p.revision.number} 稿）` : "首次发布",
    now,
  });
  return { rebuttal, previous };
}

/**
 * Publishes an approved revision inside the caller's transaction: the rebuttal (created, or
 * updated with version + 1), its version row, the case, the audit entry, the public event
 * (next seq, with its fan-out job), the Postgres search derivation and the search-index job.
 * All of it commits or none of it.
 */
export async function publishRevision(
  tx: Sql,
  p: {
    deps: Deps;
    actor: Actor | { kind: "system"; label: string };
    meta?: Partial<RequestMeta>;
    theCase: CaseRow;
    revision: RevisionRow;
    roundId: string;
    hooks?: PublishHooks;
  },
): Promise<RebuttalRow> {
  const now = p.deps.now();
  const step = async (s: PublishStep) => p.hooks?.afterStep?.(s);
  const { rebuttal, previous } = await writeRebuttal(tx, p, now, step);
  await step("version");
  await setCaseStatus(tx, p.theCase.id, "published", { now });
  await markRoundReleased(tx, p.roundId, now);
  await step("case");
  const type = previous ? "rebuttal.updated" : "rebuttal.published";
  await appendAudit(tx, {
    actor: p.actor,
    action: type,
    object: { type: "rebuttal", id: rebuttal.id },
    meta: p.meta,
    data: { caseId: p.theCase.id, revisionId: p.revision.id, version: rebuttal.version },
  });
  await step("audit");
  const data = await rebuttalEventData(tx, p.deps, rebuttal);
  const event = previous
    ? { type: "rebuttal.updated" as const, data: { ...data, previousVersion: previous.version } }
    : { type: "rebuttal.published" as const, data };
  const recorded = await recordEvent(tx, {
    ...event,
    rebuttalId: rebuttal.id,
    caseId: p.theCase.id,
    drill: rebuttal.drill,
  });
  await signRebuttalEvent(tx, p.deps, recorded);
  await step("event");
  await deriveSearchSafely(tx, p.deps, rebuttal.id);
  await enqueue(tx, indexRebuttal, { rebuttalId: rebuttal.id });
  await step("index");
  return rebuttal;
}

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { NewReport } from "../../src/cases/db/reports.ts";
import { newTrackingCode } from "../../src/cases/follow-up.ts";
import type { Sql } from "../../src/db/client.ts";
import type { App } from "../../src/http/env.ts";
import { normalizeText } from "../../src/text/normalize.ts";

/** One line of /work/shared/data/dxy-rumors.jsonl. */
export interface DxyRumour {
  id: string;
  claim: string;
  verdict: "false" | "true" | "unproven";
  summary: string;
  body: string;
}

/** One line of /work/shared/data/cofacts-2017.jsonl. */
export interface CofactsMessage {
  id: string;
  rumorId: string;
  claim: string;
  answer: string;
}

/** The shared test data beside the checkout (`../shared/data`), wherever the checkout is. */
const DATA =
  [
    process.env.SHARED_DATA_DIR,
    path.resolve(import.meta.dirname, "../../../shared/data"),
    "/work/shared/data",
  ].find((d): d is string => !!d && fs.existsSync(d)) ?? "/work/shared/data";
const readJsonl = <T>(file: string): T[] =>
  fs
    .readFileSync(`${DATA}/${file}`, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

export const dxyRumours = () => readJsonl<DxyRumour>("dxy-rumors.jsonl");
export const cofactsMessages = () => readJsonl<CofactsMessage>("cofacts-2017.jsonl");

/** A fresh fake client address, so each test has its own rate-limit window. */
export const newAddress = () => `203.0.113.${crypto.randomInt(1, 255)}-${crypto.randomUUID()}`;

/** Posts a public report from a given address (needs TRUST_PROXY=true in the test context). */
export async function postReport(app: App, body: unknown, address = newAddress()) {
  const res = await app.request("/api/v1/reports", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify(body),
  });
  return { res, body: (await res.json()) as Record<string, unknown> & { errors?: unknown[] } };
}

/** A case row written directly, for tests that need one in a given state. */
export async function createCaseRow(
  sql: Sql,
  c: Partial<{
    title: string;
    status: string;
    origin: string;
    urgency: number | null;
    category: string | null;
    regionCode: string | null;
    drill: boolean;
    createdAt: Date;
    triagedAt: Date | null;
    deadlineAt: Date | null;
    firstDraftAt: Date | null;
    publishedAt: Date | null;
    leadExpertId: string | null;
  }> = {},
): Promise<{ id: string }> {
  const created = c.createdAt ?? new Date();
  const [row] = await sql`
    insert into cases (origin, status, title, urgency, category, region_code, drill, created_at,
                       updated_at, triaged_at, deadline_at, first_draft_at, published_at,
                       lead_expert_id, triage_due_at)
    values (${c.origin ?? "proactive"}, ${c.status ?? "new"}, ${c.title ?? "测试事件"},
            ${c.urgency ?? null}, ${c.category ?? null}, ${c.regionCode ?? null},
            ${c.drill ?? false}, ${created}, ${created}, ${c.triagedAt ?? null},
            ${c.deadlineAt ?? null}, ${c.firstDraftAt ?? null}, ${c.publishedAt ?? null},
            ${c.leadExpertId ?? null}, ${new Date(created.getTime() + 30 * 60_000)})
    returning id`;
  return row as { id: string };
}

/** A report row attached to a case at a given time (for histories and priorities). */
export async function createReportRow(
  sql: Sql,
  r: { caseId?: string | null; rebuttalId?: string | null; outcome: string; createdAt?: Date },
) {
  await sql`
    insert into reports (case_id, rebuttal_id, text, outcome, created_at)
    values (${r.caseId ?? null}, ${r.rebuttalId ?? null}, ${"测试线索"}, ${r.outcome},
            ${r.createdAt ?? new Date()})`;
}

/**
 * A report of `text` attached to case `caseId` as intake writes one, for `insertReport` (which
 * stores its hashes): newer than the case's reports before it.
 * @example await insertReport(ctx.sql, intakeReport(caseId, "临高乳猪被喂激素"));
 */
export const intakeReport = (caseId: string, text: string): NewReport & { caseId: string } => ({
  id: crypto.randomUUID(),
  trackingCode: newTrackingCode(),
  caseId,
  rebuttalId: null,
  text,
  textNorm: normalizeText(text),
  sourceUrl: null,
  platform: null,
  regionCode: null,
  contact: null,
  outcome: "attached",
  matchScore: null,
  ipHash: "test",
  createdAt: new Date(),
});

import crypto from "node:crypto";
import { appendAudit, auditCall } from "../audit/append.ts";
import type { RequestMeta } from "../auth/actor.ts";
import { publicActor } from "../auth/actor.ts";
import type { ServiceCtx } from "../context.ts";
import type { Db, Sql } from "../db/client.ts";
import { isSameRumour } from "../library/confidence.ts";
import type { RebuttalMatch } from "../library/match.ts";
import { normalizeText } from "../text/normalize.ts";
import { attachNewCase } from "../topics/attach-new-case.ts";
import { recordCaseEvent } from "./case-events.ts";
import { addReportToCase, type CaseRow, insertCase, type NewCase } from "./db/cases.ts";
import { type Opening, openingStatement } from "./db/open-case-texts.ts";
import {
  answerWithRebuttal,
  attachToOpenCase,
  countReportOnRebuttal,
  insertReport,
  isTrackingCodeTaken,
  lockIntake,
  type NewReport,
} from "./db/reports.ts";
import { triageDueAt } from "./deadlines.ts";
import {
  copyRanksFirst,
  type OpenCaseReading,
  rankCases,
  readOpenCases,
  settleOpenCases,
} from "./find-open-case.ts";
import { keepFollower, newTrackingCode } from "./follow-up.ts";
import { matchForIntake } from "./intake-matches.ts";
import { assertRegionExists } from "./reference-checks.ts";
import { repeatKey } from "./repeat-hints.ts";
import { scheduleTriageCheck } from "./schedule-deadlines.ts";
import { deadlineSettings, matchingSettings } from "./settings.ts";
import { titleFromText } from "./text-rules.ts";

export interface ReportInput {
  text: string;
  sourceUrl?: string;
  platform?: string;
  region?: string;
  contact?: string;
  /** Open a case of its own, never attach (e.g. an image whose text could not be read). */
  openCase?: boolean;
  /** Where to send the answer and its corrections, only with `notify` (consent). */
  email?: string;
  notify?: boolean;
}

export interface ReportOutcome {
  id: string;
  outcome: "matched" | "attached" | "opened";
  caseId?: string;
  trackingCode: string;
  matches: RebuttalMatch[];
}

const hashAddress = (ip: string) =>
  crypto.createHash("sha256").update(`chorus-report|${ip}`).digest("hex");

/**
 * A public report: answered at once by a live rebuttal that matches confidently, else attached
 * to an open case that covers it, else opening a new case for the coordinators.
 * Reports are anonymous whoever sends them: the audit names the public, not the caller.
 * The costly comparisons run before any lock; only a report that no open case covered takes the
 * intake lock (ADR 0215), after writing its case, for one statement and the commit (ADR 0240); the
 * audit chain's lock is taken last, inside the statement that makes the change (ADR 0195).
 * @example await createReport(ctx, { text: "盐水漱口能防新冠？" })
 */
export async function createReport(
  { deps, meta }: ServiceCtx,
  input: ReportInput,
): Promise<ReportOutcome> {
  const settings = matchingSettings();
  const now = deps.now();
  const textNorm = normalizeText(input.text);
  if (input.region) await assertRegionExists(deps.sql, input.region, "region");
  const found = await matchForIntake(deps, input.text, textNorm, settings.maxSuggestions);
  const matches = found.filter((m) => m.score >= settings.suggest);
  const best = matches[0];
  const base: ReportBase = {
    text: input.text,
    textNorm,
    sourceUrl: input.sourceUrl ?? null,
    platform: input.platform ?? null,
    regionCode: input.region ?? null,
    contact: input.contact?.trim() || null,
    ipHash: hashAddress(meta.ip),
    createdAt: now,
  };
  if (best && isSameRumour(best))
    return answerAtOnce(deps.sql, { base, best, input, meta, matches });
  // A reporter following up is settled under the lock, which needs a full reading (ADR 0270).
  const repeats = !(input.email && input.notify) && !input.openCase;
  const d = { base, reading: undefined, input, meta, matches, score: best?.score };
  const hints = repeats ? deps.intakeRepeats : undefined;
  const key = hints && repeatKey(textNorm);
  const hint = key && hints.get(key, now.getTime());
  if (hint) {
    const joined = await joinOpenCase(deps.sql, d, hint, { sameText: true });
    if (joined) return joined;
    hints.delete(key);
  }
  const reading = input.openCase
    ? undefined
    : await readOpenCases(deps.sql, textNorm, settings, settings.attachCase, { repeats });
  const outcome = await attachOrOpen(deps.sql, { ...d, reading });
  // `key` implies a reading with `repeats`, which always carries the text's own score.
  const own = key ? reading?.selfScore : undefined;
  if (key && own !== undefined && outcome.caseId) {
    const score = Math.round(own * 1000) / 1000;
    if (copyRanksFirst(own) && score >= settings.attachCase)
      hints.set(key, { caseId: outcome.caseId, score }, now.getTime());
  }
  return outcome;
}

type ReportBase = Omit<
  NewReport,
  "id" | "trackingCode" | "caseId" | "rebuttalId" | "outcome" | "matchScore"
>;

interface Decided {
  base: ReportBase;
  input: ReportInput;
  meta: RequestMeta;
  matches: RebuttalMatch[];
}

/**
 * The report answered by a live rebuttal: one statement, its own transaction (ADR 0230); a
 * reporter who asks to follow it up is written with their address in one transaction.
 */
function answerAtOnce(sql: Db, d: Decided & { best: RebuttalMatch }): Promise<ReportOutcome> {
  const { base, best, input, meta, matches } = d;
  const answered = (id: string, trackingCode: string) => ({
    ...base,
    id,
    trackingCode,
    caseId: null,
    rebuttalId: best.rebuttalId,
    outcome: "matched" as const,
    matchScore: best.score,
  });
  const outcome = (id: string, trackingCode: string) => ({
    id,
    outcome: "matched" as const,
    trackingCode,
    matches,
  });
  const data = { outcome: "matched", rebuttalId: best.rebuttalId };
  if (!(input.email && input.notify))
    return freshCode(async (id, trackingCode) => {
      const entry = auditEntry(meta, id, data);
      await answerWithRebuttal(sql, answered(id, trackingCode), auditCall(sql, entry));
      return outcome(id, trackingCode);
    });
  return withFreshCode(sql, async (tx, id, trackingCode) => {
    await Promise.all([
      insertReport(tx, answered(id, trackingCode)),
      countReportOnRebuttal(tx, best.rebuttalId),
      keepFollower(tx, id, input, base.createdAt),
      audit(tx, meta, id, data),
    ]);
    return outcome(id, trackingCode);
  });
}

type Undecided = Decided & { reading: OpenCaseReading | undefined; score: number | undefined };

/** A report's row in a case it joins or opens, with the score it was matched by. */
function caseReport(
  base: ReportBase,
  report: { id: string; trackingCode: string; caseId: string },
  outcome: "attached" | "opened",
  matchScore: number | null,
): NewReport & { caseId: string } {
  return { ...base, ...report, rebuttalId: null, outcome, matchScore };
}

/**
 * The report joins the case the early reading found covering it, without the intake lock (only
 * opening a case needs it); if that case was closed or merged meanwhile, or none covers it, the
 * report is settled under the lock.
 */
async function attachOrOpen(sql: Db, d: Undecided): Promise<ReportOutcome> {
  const min = matchingSettings().attachCase;
  const [early] = d.reading ? rankCases(d.reading.best, { min }) : [];
  if (early) {
    const joined = await joinOpenCase(sql, d, early);
    if (joined) return joined;
    // The case holding the same text was closed meanwhile: the cases skipped must be read now.
    if (d.reading?.repeat) return attachOrOpen(sql, { ...d, reading: await fullReading(sql, d) });
    return settleUnderLock(sql, d);
  }
  const opening = await openOwnCase(sql, d);
  if ("id" in opening) return opening;
  const covering = opening.covering && {
    caseId: opening.covering,
    score: Math.round(opening.score * 1000) / 1000,
  };
  return (covering && (await joinOpenCase(sql, d, covering))) || settleUnderLock(sql, d);
}

/** Every open case the report could reach, read afresh (no shortcut for a repeated text). */
const fullReading = (sql: Db, d: Undecided) =>
  readOpenCases(sql, d.base.textNorm, matchingSettings(), matchingSettings().attachCase);

/** Thrown to roll back a case written before the intake lock that it then may not open. */
class NotOpened extends Error {
  constructor(readonly opening: Exclude<Opening, { opened: true }>) {
    super("a case covering the report appeared, or Postgres could not decide");
  }
}

/**
 * The report opening a case of its own, with the intake lock held for one statement and the
 * commit (ADR 0240): the case, the report, a follower's address, the case's triage check, topic
 * and event are written first, unseen by others until the commit; then, under the lock, one
 * statement rescores the cases changed since the early reading and appends the audit entry. If a
 * case covering the report appeared meanwhile (or a changed text must be compared in Node),
 * everything is rolled back and the covering case (or nothing) is answered instead.
 */
async function openOwnCase(
  sql: Db,
  d: Undecided,
): Promise<ReportOutcome | Exclude<Opening, { opened: true }>> {
  const { base, reading, input, meta, matches } = d;
  const min = matchingSettings().attachCase;
  try {
    return await withFreshCode(sql, async (tx, id, trackingCode) => {
      const caseId = crypto.randomUUID();
      const [created] = await Promise.all([
        insertCase(tx, newCase(caseId, input, base.createdAt)),
        insertReport(tx, caseReport(base, { id, trackingCode, caseId }, "opened", d.score ?? null)),
        keepFollower(tx, id, input, base.createdAt),
      ]);
      await announceCase(tx, created);
      const entry = auditEntry(meta, id, { outcome: "opened", caseId });
      const [, opening] = await Promise.all([
        lockIntake(tx),
        reading
          ? openingStatement(tx, {
              snapshot: reading.snapshot,
              q: reading.hashes,
              own: caseId,
              min,
              audit: auditCall(tx, entry),
            })
          : appendAudit(tx, entry).then(() => ({ opened: true }) as const),
      ]);
      if (!opening.opened) throw new NotOpened(opening);
      return { id, outcome: "opened" as const, caseId, trackingCode, matches };
    });
  } catch (err) {
    if (err instanceof NotOpened) return err.opening;
    throw err;
  }
}

/**
 * The report attached to an open case in one statement, its own transaction (so the audit
 * chain's lock is held only while Postgres runs it); undefined if the case was closed or merged
 * meanwhile, or if the reporter asked to follow it up (that report is settled under the lock).
 */
async function joinOpenCase(
  sql: Db,
  d: Undecided,
  covering: { caseId: string; score: number },
  opts: { sameText?: boolean } = {},
): Promise<ReportOutcome | undefined> {
  const { base, input, meta, matches } = d;
  const { caseId } = covering;
  if (input.email && input.notify) return undefined;
  return freshCode(async (id, trackingCode) => {
    const report = caseReport(base, { id, trackingCode, caseId }, "attached", covering.score);
    const entry = auditEntry(meta, id, { outcome: "attached", caseId });
    if (!(await attachToOpenCase(sql, report, auditCall(sql, entry), opts))) return undefined;
    return { id, outcome: "attached" as const, caseId, trackingCode, matches };
  });
}

/**
 * The fallback when the one-statement forms cannot decide (a reporter following up a report that
 * an open case covers, that case closed meanwhile, or a changed text to compare in Node). Under
 * the intake lock: the early reading settled, then the report attached to the covering case
 * (its writes in one pipeline) or opening its own (the case and the report in one pipeline, the
 * case's triage check, topic and event with the audit entry in the next: ADR 0230).
 */
function settleUnderLock(sql: Db, d: Undecided): Promise<ReportOutcome> {
  const { base, reading, input, meta, matches } = d;
  const settings = matchingSettings();
  return withFreshCode(sql, async (tx, id, trackingCode) => {
    // Sent together: the settling statement runs once the lock is granted, one round trip less.
    const [, settled] = await Promise.all([
      lockIntake(tx),
      reading ? settleOpenCases(tx, reading, settings) : undefined,
    ]);
    const [covering] = settled ? rankCases(settled, { min: settings.attachCase }) : [];
    const outcome = covering ? "attached" : "opened";
    const caseId = covering ? covering.caseId : crypto.randomUUID();
    // Thunks: a query is sent when first awaited, and the case must go before its report.
    const report = () =>
      insertReport(
        tx,
        caseReport(base, { id, trackingCode, caseId }, outcome, covering?.score ?? d.score ?? null),
      );
    const follower = () => keepFollower(tx, id, input, base.createdAt);
    if (covering)
      await Promise.all([
        report(),
        addReportToCase(tx, caseId, base.createdAt),
        follower(),
        audit(tx, meta, id, { outcome, caseId }),
      ]);
    else {
      const [created] = await Promise.all([
        insertCase(tx, newCase(caseId, input, base.createdAt)),
        report(),
        follower(),
      ]);
      await Promise.all([announceCase(tx, created), audit(tx, meta, id, { outcome, caseId })]);
    }
    return { id, outcome, caseId, trackingCode, matches };
  });
}

/**
 * Runs the report's transaction with a new id and tracking code; in the rare case the code is
 * taken already (40 bits), again with another.
 */
function withFreshCode<T>(
  sql: Db,
  write: (tx: Sql, id: string, trackingCode: string) => Promise<T>,
): Promise<T> {
  return freshCode((id, code) => sql.begin((tx) => write(tx, id, code)) as Promise<T>);
}

/**
 * Runs `write` with a new id and tracking code; in the rare case the code is taken, or Postgres
 * broke a deadlock by rolling this transaction back, again.
 */
async function freshCode<T>(write: (id: string, trackingCode: string) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(crypto.randomUUID(), newTrackingCode());
    } catch (err) {
      if (attempt >= 5 || !(isTrackingCodeTaken(err) || isDeadlock(err))) throw err;
    }
  }
}

// A case opened before the intake lock can wait on another report's first enqueue of a task
// name (graphile's task row) while that report, holding the lock, waits on it (ADR 0240).
const isDeadlock = (err: unknown) => (err as { code?: string })?.code === "40P01";

/** The case a report opens, under the id its report is sent with. */
const newCase = (id: string, input: ReportInput, now: Date): NewCase => ({
  id,
  origin: "report",
  title: titleFromText(input.text),
  description: input.text,
  matchNorm: "",
  category: null,
  urgency: null,
  regionCode: input.region ?? null,
  drill: false,
  reportCount: 1,
  lastReportAt: now,
  triageDueAt: triageDueAt(now, deadlineSettings()),
  createdBy: null,
  createdAt: now,
});

/** A new case's triage check, topic and event, sent together. */
async function announceCase(tx: Sql, created: CaseRow): Promise<void> {
  await Promise.all([
    scheduleTriageCheck(tx, created.id, created.triageDueAt!),
    attachNewCase(tx, created),
    recordCaseEvent(tx, "case.opened", created, { roles: ["coordinator"], email: false }),
  ]);
}

const auditEntry = (meta: RequestMeta, reportId: string, data: Record<string, unknown>) => ({
  actor: publicActor,
  action: "report.created",
  object: { type: "report", id: reportId },
  meta,
  data,
});

async function audit(tx: Sql, meta: RequestMeta, reportId: string, data: Record<string, unknown>) {
  await appendAudit(tx, auditEntry(meta, reportId, data));
}

import type { ServiceCtx } from "../context.ts";
import { type CaseTimingRow, caseTimings, reportOutcomes } from "./db/cases-stats.ts";
import { fieldError } from "./reference-checks.ts";
import { durationStats } from "./stats-math.ts";

const DAY = 86_400_000;

function timings(rows: CaseTimingRow[]) {
  return {
    cases: rows.length,
    toTriage: durationStats(rows.map((r) => r.toTriage)),
    toFirstDraft: durationStats(rows.map((r) => r.toFirstDraft)),
    toPublication: durationStats(rows.map((r) => r.toPublication)),
  };
}

function groupBy<K>(rows: CaseTimingRow[], key: (r: CaseTimingRow) => K) {
  const groups = new Map<K, CaseTimingRow[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups];
}

/** Met: published by the deadline. Missed: published late, or still open past it. */
function compliance(rows: CaseTimingRow[], now: Date) {
  let met = 0;
  let missed = 0;
  let pending = 0;
  for (const r of rows) {
    if (!r.deadlineAt) continue;
    if (r.publishedAt) r.publishedAt <= r.deadlineAt ? met++ : missed++;
    else if (r.status === "closed") continue;
    else if (r.deadlineAt < now) missed++;
    else pending++;
  }
  const decided = met + missed;
  return {
    met,
    missed,
    pending,
    complianceRate: decided ? Math.round((met / decided) * 1000) / 1000 : null,
  };
}

/**
 * Response metrics over a period: median and 90th percentile minutes from first report to
 * triage, first draft and publication (overall, per urgency, per category; optionally within a
 * region and the places inside it), deadline
 * compliance, and how many reports the library answered at once. Drills are counted apart.
 * @example await getStats(ctx, { from, to, drill: false })
 */
export async function getStats(
  { deps }: ServiceCtx,
  input: { from?: Date; to?: Date; drill?: boolean; region?: string },
) {
  const now = deps.now();
  const to = input.to ?? now;
  const from = input.from ?? new Date(to.getTime() - 30 * DAY);
  if (from >= to) throw fieldError("from", "开始时间须早于结束时间");
  if (to.getTime() - from.getTime() > 366 * DAY) throw fieldError("from", "统计区间最长一年");
  const drill = input.drill ?? false;
  const [rows, outcomes] = await Promise.all([
    caseTimings(deps.sql, { from, to, drill, region: input.region }),
    reportOutcomes(deps.sql, { from, to, region: input.region }),
  ]);
  const count = (o: string) => outcomes.find((x) => x.outcome === o)?.n ?? 0;
  const total = outcomes.reduce((s, x) => s + x.n, 0);
  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    drill,
    region: input.region ?? null,
    overall: timings(rows),
    byUrgency: groupBy(rows, (r) => r.urgency)
      .sort(([a], [b]) => (a ?? 9) - (b ?? 9))
      .map(([urgency, group]) => ({ urgency, ...timings(group) })),
    byCategory: groupBy(rows, (r) => r.category)
      .sort(([a], [b]) => (a ?? "~").localeCompare(b ?? "~"))
      .map(([category, group]) => ({ category, ...timings(group) })),
    deadlines: compliance(rows, now),
    reports: {
      total,
      matched: count("matched"),
      attached: count("attached"),
      opened: count("opened"),
      matchedRate: total ? Math.round((count("matched") / total) * 1000) / 1000 : null,
    },
  };
}

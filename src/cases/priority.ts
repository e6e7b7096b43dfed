export interface PriorityInput {
  urgency: number | null;
  reportCount: number;
  /** Reports received in the last hour. */
  reportsLastHour: number;
  /** The next thing due: the response deadline, or the triage target before triage. */
  dueAt: Date | null;
  escalated: boolean;
  now: Date;
}

export interface PriorityReason {
  code: "urgency" | "reports" | "velocity" | "deadline" | "overdue" | "escalated";
  points: number;
  label: string;
}

const URGENCY_POINTS: Record<number, number> = { 1: 40, 2: 30, 3: 20, 4: 10 };

function deadlineReason(dueAt: Date, now: Date): PriorityReason {
  const hoursLeft = (dueAt.getTime() - now.getTime()) / 3_600_000;
  if (hoursLeft <= 0) return { code: "overdue", points: 40, label: "已超过时限" };
  // 30 points at the deadline, fading to 0 three days out.
  const points = Math.round(Math.max(0, 30 * (1 - hoursLeft / 72)));
  return { code: "deadline", points, label: `距时限还有 ${hoursLeft.toFixed(1)} 小时` };
}

/**
 * A case's place in the queue, 0..140, with the reasons that add up to it: urgency, how many
 * reports it has (log scale), how fast they arrive, how close its deadline is, and escalation.
 * @example casePriority({ urgency: 1, reportCount: 3, reportsLastHour: 2, dueAt, escalated: false, now })
 */
export function casePriority(p: PriorityInput): { score: number; reasons: PriorityReason[] } {
  const reasons: PriorityReason[] = [];
  const level = p.urgency ?? 0;
  const urgencyPoints = URGENCY_POINTS[level] ?? 15;
  reasons.push({
    code: "urgency",
    points: urgencyPoints,
    label: level ? `紧急程度 ${level} 级` : "尚未研判，按中等紧急计",
  });
  if (p.reportCount > 0) {
    const points = Math.min(20, Math.round(7 * Math.log2(1 + p.reportCount)));
    reasons.push({ code: "reports", points, label: `共 ${p.reportCount} 条线索` });
  }
  if (p.reportsLastHour > 0) {
    const points = Math.min(20, 4 * p.reportsLastHour);
    reasons.push({ code: "velocity", points, label: `近一小时 ${p.reportsLastHour} 条线索` });
  }
  if (p.dueAt) reasons.push(deadlineReason(p.dueAt, p.now));
  if (p.escalated) reasons.push({ code: "escalated", points: 20, label: "初稿超时，已升级" });
  return { score: reasons.reduce((sum, r) => sum + r.points, 0), reasons };
}

import { parseCode } from "../authenticity/code.ts";
import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { reportStatusRow } from "./db/follow-up.ts";

export const reportStates = ["received", "checking", "answered", "merged", "declined"] as const;
export type ReportState = (typeof reportStates)[number];

const labels: Record<ReportState, string> = {
  received: "已收到",
  checking: "核实中",
  answered: "已发布解答",
  merged: "已合并到同一谣言的处理中",
  declined: "不予处理",
};
const declineReasons: Record<string, string> = {
  rejected: "经核实不属于需要辟谣的消息",
  out_of_scope: "不在本平台受理范围内",
  answered: "已有其他渠道给出权威答复",
};

/** A rebuttal id, or undefined, when the merged case is itself answered. */
function stateOf(r: NonNullable<Awaited<ReturnType<typeof reportStatusRow>>>) {
  if (r.rebuttalId) return { state: "answered" as const, rebuttalId: r.rebuttalId };
  if (r.caseStatus === "published" && r.caseRebuttalId)
    return { state: "answered" as const, rebuttalId: r.caseRebuttalId };
  if (r.caseStatus === "closed" && r.mergedInto)
    return { state: "merged" as const, rebuttalId: r.mergedRebuttalId ?? undefined };
  if (r.caseStatus === "closed") {
    const reason = declineReasons[r.closeReason ?? ""] ?? "经核实不予处理";
    return { state: "declined" as const, reason };
  }
  if (r.caseStatus === "new") return { state: "received" as const };
  return { state: "checking" as const };
}

/**
 * Where a report stands, by its tracking code, in plain Chinese; nothing about who sent it.
 * @example await getReportStatus(ctx, { code: "7K3M9Q2D" }) → { state: "checking", label: "核实中" }
 */
export async function getReportStatus({ deps }: ServiceCtx, input: { code: string }) {
  const code = parseCode(input.code);
  const row = code ? await reportStatusRow(deps.sql, code) : undefined;
  if (!row) throw new AppError("not_found", "没有这个查询码，请核对后再试");
  const s = stateOf(row);
  const rebuttal = s.rebuttalId
    ? (
        await deps.sql<{ slug: string; title: string; status: string }[]>`
          select slug, title, status from rebuttals where id = ${s.rebuttalId} and not drill`
      )[0]
    : undefined;
  return {
    trackingCode: row.trackingCode,
    receivedAt: row.createdAt.toISOString(),
    state: s.state,
    label: labels[s.state],
    reason: "reason" in s ? (s.reason ?? null) : null,
    rebuttal: rebuttal
      ? {
          title: rebuttal.title,
          url: `${deps.config.publicUrl}/r/${encodeURIComponent(rebuttal.slug)}`,
          retracted: rebuttal.status === "retracted",
        }
      : null,
  };
}
export type ReportStatus = Awaited<ReturnType<typeof getReportStatus>>;

import { eventTypeLabels } from "./event-types.ts";

/**
 * What a case's timeline says happened: its events, the audit actions recorded on it and the
 * reports that reached it, in the words staff read.
 */
export const caseActivityLabels: Record<string, string> = {
  ...eventTypeLabels,
  "case.opened": "案件建立",
  "case.assigned": "已分派专家",
  "review.requested": "稿件送审",
  "case.created": "主动发起案件",
  "case.triaged": "研判分派",
  "case.retriaged": "重新研判",
  "case.closed": "案件关闭",
  "case.merged": "并入其他案件",
  "case.absorbed": "并入了其他案件",
  "revision.created": "保存稿件",
  "revision.submitted": "提交审核",
  "rebuttal.retracted": "撤回发布",
  "report.created": "收到线索",
  "report.opened": "线索建立案件",
  "report.attached": "线索并入本案",
  "report.matched": "线索命中已有辟谣",
  "report.text_read": "线索图片识别出文字",
};

/** The Chinese label of a timeline entry, or a neutral word when it has none yet. */
export function caseActivityLabel(kind: string): string {
  return caseActivityLabels[kind] ?? "其他操作";
}

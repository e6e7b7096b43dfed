/** States of a revision (稿件版本) with their Chinese labels. */
export const revisionStatuses = [
  "draft",
  "in_review",
  "changes_requested",
  "approved",
  "rejected",
  "superseded",
] as const;
export type RevisionStatus = (typeof revisionStatuses)[number];

export const revisionStatusLabels: Record<RevisionStatus, string> = {
  draft: "草稿",
  in_review: "审核中",
  changes_requested: "已退回修改",
  approved: "已通过",
  rejected: "已驳回",
  superseded: "已被新版本取代",
};

/** The Chinese label of a revision state, or the value itself when it is not one. */
export function revisionStatusLabel(value: string): string {
  return (revisionStatusLabels as Record<string, string>)[value] ?? value;
}

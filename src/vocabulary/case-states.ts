/** Case states and the transitions between them (shared/DESIGN.md, "State machines"). */
export const caseStates = [
  "new",
  "triaged",
  "drafting",
  "in_review",
  "published",
  "closed",
] as const;
export type CaseState = (typeof caseStates)[number];

export const caseStateLabels: Record<CaseState, string> = {
  new: "新线索",
  triaged: "已分派",
  drafting: "撰写中",
  in_review: "审核中",
  published: "已发布",
  closed: "已关闭",
};

/** The Chinese label of a case state, or the value itself when it is not one. */
export function caseStateLabel(value: string): string {
  return (caseStateLabels as Record<string, string>)[value] ?? value;
}

const transitions: Record<CaseState, readonly CaseState[]> = {
  new: ["triaged", "closed"],
  triaged: ["drafting", "closed"],
  drafting: ["in_review", "closed"],
  in_review: ["drafting", "published", "closed"],
  // A published case takes updates (back through drafting and review) and can be closed.
  published: ["drafting", "closed"],
  closed: [],
};

/** Whether a case may move from one state to another. */
export function canTransition(from: CaseState, to: CaseState): boolean {
  return transitions[from].includes(to);
}

/** States in which a case is still being worked on (it can receive reports and deadlines). */
export const openCaseStates: readonly CaseState[] = ["new", "triaged", "drafting", "in_review"];

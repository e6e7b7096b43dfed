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

const transitions: Record<CaseState, readonly CaseState[]> = {
  new: ["triaged", "closed"],
  triaged: ["drafting", "closed"],
  drafting: ["in_review", "closed"],
  in_review: ["drafting", "published", "closed"],
  // A published case takes updates (back through drafting and review) and can be closed.
  published: ["drafting", "closed"],
  closed: [],
};

export function canTransition(from: CaseState, to: CaseState): boolean {
  return transitions[from].includes(to);
}

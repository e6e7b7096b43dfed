import type { Sql } from "../db/client.ts";
import { AppError } from "../http/errors.ts";
import { peopleForStep } from "./db/review.ts";
import type { RoundStep } from "./round.ts";

/**
 * Refuses a round that could never finish: every step needs someone who may decide it (not an
 * author), and a co-signing step someone in each organisation. Better a clear answer at submit
 * than a message stuck in review during an emergency.
 */
export async function assertStepsStaffed(
  sql: Sql,
  steps: RoundStep[],
  authorIds: ReadonlySet<string>,
): Promise<void> {
  for (const step of steps) {
    const people = await peopleForStep(sql, step, [...authorIds]);
    const needed = step.eachOrganisation ? (step.organisationIds ?? []) : [null];
    const missing = needed.some(
      (org) => !people.some((p) => org === null || p.organisationId === org),
    );
    if (missing) {
      throw new AppError(
        "invalid_state",
        `审核链步骤“${step.name}”目前没有可以审核的人员，请联系管理员添加后再提交`,
        { currentState: "chain_unstaffed", step: step.key },
      );
    }
  }
}

import type { Sql } from "../db/client.ts";
import { AppError } from "../http/errors.ts";
import { organisationsByIds, peopleForStep } from "./db/review.ts";
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
    if (step.eachOrganisation) {
      const missing = (step.organisationIds ?? []).filter(
        (org) => !people.some((p) => p.organisationId === org),
      );
      if (missing.length > 0) await refuseCoSigners(sql, step, missing);
    } else if (people.length === 0) {
      throw new AppError(
        "invalid_state",
        `审核链步骤“${step.name}”目前没有可以审核的人员，请联系管理员添加后再提交`,
        { currentState: "chain_unstaffed", step: step.key },
      );
    }
  }
}

/** Names the co-signing organisations nobody could confirm for, so the author can drop them. */
async function refuseCoSigners(sql: Sql, step: RoundStep, missing: string[]): Promise<never> {
  const names = (await organisationsByIds(sql, missing)).map((o) => o.name);
  throw new AppError(
    "invalid_state",
    `审核链步骤“${step.name}”无法完成：${names.join("、")}没有可以确认联合发布的审核人（作者和本案专家不能确认自己的稿件）。请取消勾选这些单位，或请管理员为其添加审核人后再提交`,
    { currentState: "chain_unstaffed", step: step.key, organisationIds: missing },
  );
}

/**
 * Which organisations could confirm a co-signing step for a case now: someone with the
 * reviewer role there who is not an author. The draft page offers only these.
 */
export async function coSigningOrganisations(
  sql: Sql,
  organisationIds: string[],
  authorIds: ReadonlySet<string>,
): Promise<Set<string>> {
  const step = { role: "reviewer" as const, organisationKind: null, organisationIds };
  const people = await peopleForStep(sql, step, [...authorIds]);
  return new Set(people.map((p) => p.organisationId));
}

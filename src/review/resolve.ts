import type { Sql } from "../db/client.ts";
import { AppError } from "../http/errors.ts";
import type { ChosenChain } from "./chains.ts";
import { organisationsBySlugs } from "./db/review.ts";
import type { RoundStep } from "./round.ts";

/**
 * Turns a chosen policy into the steps a round snapshots: organisation slugs become ids (a
 * slug not created yet stops the submit with a message naming it), co-signing organisations
 * not already deciding a step of their own become one extra step before the last, and the
 * fast track gets a deadline per step.
 */
export async function resolveSteps(
  sql: Sql,
  chain: ChosenChain,
  coSignerOrgIds: string[],
  now: Date,
): Promise<RoundStep[]> {
  const slugs = chain.steps.flatMap((s) => s.organisation ?? []);
  const orgs = new Map((await organisationsBySlugs(sql, slugs)).map((o) => [o.slug, o.id]));
  const deadlineAt = chain.stepDeadlineMinutes
    ? new Date(now.getTime() + chain.stepDeadlineMinutes * 60_000).toISOString()
    : null;
  const steps: RoundStep[] = chain.steps.map((s) => {
    const orgId = s.organisation ? orgs.get(s.organisation) : undefined;
    if (s.organisation && !orgId) {
      throw new AppError(
        "invalid_state",
        `审核链 ${chain.policyId} 的步骤“${s.name}”指定的单位 ${s.organisation} 尚未建立，请联系管理员`,
        { currentState: "chain_unresolved" },
      );
    }
    return {
      key: s.key,
      name: s.name,
      role: s.role,
      organisationKind: s.organisationKind ?? null,
      organisationIds: orgId ? [orgId] : null,
      eachOrganisation: false,
      approvals: s.approvals,
      deadlineAt,
    };
  });
  const covered = new Set(steps.flatMap((s) => s.organisationIds ?? []));
  const coSigners = coSignerOrgIds.filter((id) => !covered.has(id));
  if (coSigners.length > 0) {
    const coSign: RoundStep = {
      key: "co-sign",
      name: "联合发布单位确认",
      role: "reviewer",
      organisationKind: null,
      organisationIds: coSigners,
      eachOrganisation: true,
      approvals: coSigners.length,
      deadlineAt,
    };
    steps.splice(Math.max(steps.length - 1, 0), 0, coSign);
  }
  return steps;
}

import type { Deps } from "../deps.ts";
import { AppError } from "../http/errors.ts";
import { channelOf } from "./channels/index.ts";
import type { SubscriptionRow } from "./db/fanout-subscriptions.ts";
import { referenceCheck } from "./db/fanout-subscriptions.ts";
import type { SubscriptionFilters } from "./filters.ts";

/** What callers see of a subscription (never its secrets or unsubscribe key). */
export function subscriptionView(s: SubscriptionRow) {
  return {
    id: s.id,
    organisationId: s.organisationId,
    channel: s.channel,
    target: s.target,
    filters: s.filters,
    status: s.status,
    statusReason: s.statusReason,
    consecutiveFailures: s.consecutiveFailures,
    failingSince: s.failingSince?.toISOString() ?? null,
    previousSecretExpiresAt: s.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
export type SubscriptionView = ReturnType<typeof subscriptionView>;

const invalid = (path: string, message: string) =>
  new AppError("validation_failed", "请检查标出的字段", { errors: [{ path, message }] });

/** Checks a target for its channel (each channel's own rule, src/fanout/channels/). */
export async function checkTarget(deps: Deps, channel: string, target: string): Promise<void> {
  await channelOf(channel).checkTarget(deps.config, target);
}

/** Refuses category slugs and region codes that do not exist. */
export async function checkFilters(deps: Deps, f: SubscriptionFilters): Promise<void> {
  const missing = await referenceCheck(deps.sql, f.categories, f.regions);
  if (missing.categories.length) {
    throw invalid("filters.categories", `未知的分类：${missing.categories.join("、")}`);
  }
  if (missing.regions.length) {
    throw invalid("filters.regions", `未知的行政区划代码：${missing.regions.join("、")}`);
  }
}

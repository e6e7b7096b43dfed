import type { Deps } from "../deps.ts";
import { AppError } from "../http/errors.ts";
import type { SubscriptionRow } from "./db/fanout-subscriptions.ts";
import { referenceCheck } from "./db/fanout-subscriptions.ts";
import type { SubscriptionFilters } from "./filters.ts";
import { assertPublicHost, ForbiddenTargetError } from "./net/safe-target.ts";

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

/**
 * Checks a target for its channel: a webhook URL must be http(s), carry no credentials and
 * resolve only to public addresses (SSRF) unless the deployment allows private ones.
 */
export async function checkTarget(deps: Deps, channel: string, target: string): Promise<void> {
  if (channel === "email") return;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw invalid("target", "须为完整的 http(s) 地址");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw invalid("target", "须为 http(s) 地址");
  if (url.username || url.password) throw invalid("target", "地址中不能包含用户名或密码");
  try {
    await assertPublicHost(url, deps.config.webhookAllowPrivate);
  } catch (err) {
    if (err instanceof ForbiddenTargetError) {
      throw invalid("target", "目标地址指向内网、本机或保留地址，出于安全考虑不能使用");
    }
    throw invalid("target", "无法解析目标地址的域名");
  }
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

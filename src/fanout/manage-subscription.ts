import { organisationOf } from "../access/policy.ts";
import { appendAudit } from "../audit/append.ts";
import type { Actor } from "../auth/actor.ts";
import { hasRole } from "../auth/actor.ts";
import { assertAllowed } from "../auth/policy.ts";
import type { ServiceCtx } from "../context.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../http/errors.ts";
import {
  findSubscription,
  listSubscriptions as listRows,
  markSubscriptionDeleted,
  rotateSecret,
  updateSubscriptionRow,
} from "./db/fanout-subscriptions.ts";
import type { SubscriptionFilters } from "./filters.ts";
import { canManageSubscription } from "./policy.ts";
import { newWebhookSecret } from "./signing.ts";
import { checkFilters, checkTarget, subscriptionView } from "./subscription-view.ts";

/**
 * A subscription the caller may manage, or 404 (others' are hidden). A loader shared by the
 * verbs here and by test-subscription, hence `(deps, actor, id)`.
 */
export async function loadOwnSubscription(deps: Deps, actor: Actor, id: string) {
  const sub = await findSubscription(deps.sql, id);
  if (!sub) throw new AppError("not_found", "订阅不存在");
  assertAllowed(canManageSubscription(actor, sub));
  return sub;
}

/** The caller's organisation's subscriptions; admins see all. */
export async function listSubscriptions({ deps, actor }: ServiceCtx) {
  const orgId = hasRole(actor, "admin") ? undefined : organisationOf(actor);
  return (await listRows(deps.sql, orgId)).map(subscriptionView);
}

export interface UpdateSubscriptionInput {
  target?: string;
  filters?: SubscriptionFilters;
  /** `active` resumes a paused or disabled subscription and clears its failure streak. */
  status?: "active" | "paused";
}

/** Changes target, filters or status (pause / resume), audited. */
export async function updateSubscription(
  { deps, actor, meta }: ServiceCtx,
  { id, ...input }: UpdateSubscriptionInput & { id: string },
) {
  const sub = await loadOwnSubscription(deps, actor, id);
  if (input.target !== undefined) await checkTarget(deps, sub.channel, input.target);
  if (input.filters) await checkFilters(deps, input.filters);
  const reason = input.status === "paused" ? "由订阅方暂停" : null;
  const row = await deps.sql.begin(async (tx) => {
    const updated = await updateSubscriptionRow(tx, id, { ...input, statusReason: reason });
    await appendAudit(tx, {
      actor,
      action: "subscription.updated",
      object: { type: "subscription", id },
      meta,
      data: { ...input },
    });
    return updated;
  });
  return subscriptionView(row);
}

/** Deletes a subscription: it stops receiving; its delivery log is kept. */
export async function deleteSubscription(
  { deps, actor, meta }: ServiceCtx,
  { id }: { id: string },
) {
  await loadOwnSubscription(deps, actor, id);
  await deps.sql.begin(async (tx) => {
    await markSubscriptionDeleted(tx, id);
    await appendAudit(tx, {
      actor,
      action: "subscription.deleted",
      object: { type: "subscription", id },
      meta,
    });
  });
}

/**
 * Issues a new webhook secret (shown once). Until `keepPreviousForSeconds` pass, deliveries
 * are signed with both, so the receiver can switch without losing a message.
 */
export async function rotateSubscriptionSecret(
  { deps, actor, meta }: ServiceCtx,
  { id, keepPreviousForSeconds }: { id: string; keepPreviousForSeconds: number },
) {
  const sub = await loadOwnSubscription(deps, actor, id);
  if (sub.channel !== "webhook") {
    throw new AppError("invalid_state", "只有 webhook 订阅有签名密钥", {
      currentState: sub.channel,
    });
  }
  const secret = newWebhookSecret();
  const until = new Date(deps.now().getTime() + keepPreviousForSeconds * 1000);
  await deps.sql.begin(async (tx) => {
    await rotateSecret(tx, id, secret, until);
    await appendAudit(tx, {
      actor,
      action: "subscription.secret_rotated",
      object: { type: "subscription", id },
      meta,
      data: { previousValidUntil: until.toISOString() },
    });
  });
  return { id, secret, previousSecretExpiresAt: until.toISOString() };
}

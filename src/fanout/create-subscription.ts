import { organisationOf } from "../access/policy.ts";
import { appendAudit } from "../audit/append.ts";
import { assertAllowed } from "../auth/policy.ts";
import { currentWebhookPublicKey } from "../authenticity/webhook-v1a.ts";
import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import type { Channel } from "../vocabulary/channels.ts";
import { insertSubscription, organisationExists } from "./db/fanout-subscriptions.ts";
import type { SubscriptionFilters } from "./filters.ts";
import { canSubscribeFor } from "./policy.ts";
import { newWebhookSecret } from "./signing.ts";
import { checkFilters, checkTarget, subscriptionView } from "./subscription-view.ts";
import { newUnsubscribeKey } from "./unsubscribe-link.ts";

export interface CreateSubscriptionInput {
  channel: Channel;
  target: string;
  filters: SubscriptionFilters;
  /** Admins only: subscribe another organisation. */
  organisationId?: string;
}

/**
 * Creates a subscription for the caller's organisation. A webhook gets a `whsec_` secret,
 * returned here once and never again, and the `whpk_` key of its `v1a,` signatures.
 * @example const { id, secret } = await createSubscription(ctx, input);
 */
export async function createSubscription(
  { deps, actor, meta }: ServiceCtx,
  input: CreateSubscriptionInput,
) {
  const organisationId = input.organisationId ?? organisationOf(actor);
  if (!organisationId) throw new AppError("unauthenticated");
  assertAllowed(canSubscribeFor(actor, organisationId));
  await checkTarget(deps, input.channel, input.target);
  await checkFilters(deps, input.filters);
  const secret = input.channel === "webhook" ? newWebhookSecret() : null;
  const row = await deps.sql.begin(async (tx) => {
    if (!(await organisationExists(tx, organisationId)))
      throw new AppError("validation_failed", "请检查标出的字段", {
        errors: [{ path: "organisationId", message: "单位不存在" }],
      });
    const created = await insertSubscription(tx, {
      organisationId,
      channel: input.channel,
      target: input.target,
      filters: input.filters,
      secret,
      unsubscribeKey: input.channel === "email" ? newUnsubscribeKey() : null,
      createdBy: actor.kind === "user" ? actor.userId : null,
    });
    await appendAudit(tx, {
      actor,
      action: "subscription.created",
      object: { type: "subscription", id: created.id },
      meta,
      data: { channel: input.channel, target: input.target, filters: input.filters },
    });
    return created;
  });
  if (!secret) return subscriptionView(row);
  return { ...subscriptionView(row), secret, publicKey: await currentWebhookPublicKey(deps) };
}

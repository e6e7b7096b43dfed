import type { App } from "../../http/env.ts";
import { registerCapFeed } from "./cap-feed.ts";
import { registerCreateSubscription } from "./create-subscription.ts";
import { registerDeleteSubscription } from "./delete-subscription.ts";
import { registerGetDeliveryProgress } from "./get-delivery-progress.ts";
import { registerListDeliveries } from "./list-deliveries.ts";
import { registerListSubscriptions } from "./list-subscriptions.ts";
import { registerRedeliver } from "./redeliver.ts";
import { registerRedeliverSubscription } from "./redeliver-subscription.ts";
import { registerRotateSubscriptionSecret } from "./rotate-subscription-secret.ts";
import { registerTestSubscription } from "./test-subscription.ts";
import { registerUnsubscribe } from "./unsubscribe.ts";
import { registerUpdateSubscription } from "./update-subscription.ts";

/** The fanout area's operations, one file per operation beside this one. */
export function registerFanoutRoutes(app: App): void {
  registerCreateSubscription(app);
  registerListSubscriptions(app);
  registerUpdateSubscription(app);
  registerDeleteSubscription(app);
  registerRotateSubscriptionSecret(app);
  registerTestSubscription(app);
  registerRedeliverSubscription(app);
  registerListDeliveries(app);
  registerRedeliver(app);
  registerGetDeliveryProgress(app);
  registerUnsubscribe(app);
  registerCapFeed(app);
}

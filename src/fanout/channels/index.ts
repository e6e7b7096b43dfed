import type { ChannelName } from "../../vocabulary/channels.ts";
import { type Channel, UnknownChannelError } from "./channel.ts";
import { emailChannel } from "./email.ts";
import { webhookChannel } from "./webhook.ts";

/**
 * Every channel of src/vocabulary/channels.ts with its module; the type demands one per name.
 * Adding a channel (say `sms`): its name and label in src/vocabulary/channels.ts, a module
 * `channels/sms.ts` implementing Channel, one line here, and a migration widening the
 * `subscriptions.channel` CHECK. Its delivery task, the sweep, target checks and test
 * messages follow from this registry; the API's per-channel target schema
 * (routes/create-subscription.ts) and the progress counts (delivery-progress.ts) still name
 * the channels one by one.
 */
const byName: { [N in ChannelName]: Channel<N> } = {
  webhook: webhookChannel,
  email: emailChannel,
};

const registry = new Map<string, Channel>(Object.values(byName).map((c) => [c.name, c]));

/** The registered channels, in registration order (one delivery task each). */
export const registeredChannels: readonly Channel[] = [...registry.values()];

/**
 * The module of a channel named in the database or a request; an unknown name throws
 * UnknownChannelError rather than falling back to another channel.
 * @example await channelOf(sub.channel).checkTarget(deps.config, target);
 */
export function channelOf(name: string): Channel {
  const channel = registry.get(name);
  if (!channel) throw new UnknownChannelError(name);
  return channel;
}

/**
 * Delivery channels of a subscription: values and Chinese labels. How each channel validates,
 * renders and sends lives in the channel registry (src/fanout); the database CHECK on
 * `subscriptions.channel` is tested against this list.
 */
export const channels = ["webhook", "email"] as const;
export type Channel = (typeof channels)[number];
/** The same type, named for the registry's side (src/fanout/channels). */
export type ChannelName = Channel;

/** Short label, as in a table cell. */
export const channelLabels: Record<Channel, string> = {
  webhook: "Webhook",
  email: "邮件",
};

/** Longer label, as in a form's choice. */
export const channelDescriptions: Record<Channel, string> = {
  webhook: "Webhook（微信/微博/短信网关、CMS）",
  email: "邮件",
};

/** The short Chinese label of a channel, or the value itself when it is not one. */
export function channelLabel(value: string): string {
  return (channelLabels as Record<string, string>)[value] ?? value;
}

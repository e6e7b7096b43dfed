/** The delivery channels a subscription can use; each has a module in src/fanout/channels/. */
export const channels = ["webhook", "email"] as const;
export type ChannelName = (typeof channels)[number];

/** Chinese names of the channels, for pages and emails. */
export const channelLabels: Record<ChannelName, string> = {
  webhook: "网络推送 (Webhook)",
  email: "电子邮件",
};

/**
 * States of a delivery and of a subscription, with their Chinese labels. The database CHECKs on
 * `deliveries.status` and `subscriptions.status` hold the same values.
 */
export const deliveryStatuses = ["pending", "retrying", "delivered", "failed", "dead"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const deliveryStatusLabels: Record<DeliveryStatus, string> = {
  pending: "待投递",
  retrying: "重试中",
  delivered: "已送达",
  failed: "失败",
  dead: "已放弃",
};

export const subscriptionStatuses = ["active", "paused", "disabled"] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

export const subscriptionStatusLabels: Record<SubscriptionStatus, string> = {
  active: "正常",
  paused: "已暂停",
  disabled: "已停用",
};

/** The Chinese label of a delivery state, or the value itself when it is not one. */
export function deliveryStatusLabel(value: string): string {
  return (deliveryStatusLabels as Record<string, string>)[value] ?? value;
}

/** The Chinese label of a subscription state, or the value itself when it is not one. */
export function subscriptionStatusLabel(value: string): string {
  return (subscriptionStatusLabels as Record<string, string>)[value] ?? value;
}

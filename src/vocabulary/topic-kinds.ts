/**
 * Kinds of an emergency topic (应急专题): values and Chinese labels. The database CHECK on
 * `topics.kind` is tested against this list.
 */
export const topicKinds = [
  "typhoon",
  "flood",
  "earthquake",
  "outbreak",
  "food-safety",
  "other",
] as const;
export type TopicKind = (typeof topicKinds)[number];

export const topicKindLabels: Record<TopicKind, string> = {
  typhoon: "台风",
  flood: "洪涝",
  earthquake: "地震",
  outbreak: "疫情",
  "food-safety": "食品安全",
  other: "其他突发事件",
};

/** States of a topic: open while the emergency lasts, closed afterwards (kept for the record). */
export const topicStates = ["open", "closed"] as const;
export type TopicState = (typeof topicStates)[number];

export const topicStateLabels: Record<TopicState, string> = {
  open: "进行中",
  closed: "已结束",
};

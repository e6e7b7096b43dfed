/** Where a reported rumour was seen: values and Chinese labels (report intake validates them). */
export const platforms = ["wechat", "weibo", "douyin", "short_video", "website", "other"] as const;
export type Platform = (typeof platforms)[number];

export const platformLabels: Record<Platform, string> = {
  wechat: "微信",
  weibo: "微博",
  douyin: "抖音",
  short_video: "短视频",
  website: "网站",
  other: "其他",
};

/** The Chinese label of a platform, or the value itself when it is not one. */
export function platformLabel(value: string): string {
  return (platformLabels as Record<string, string>)[value] ?? value;
}

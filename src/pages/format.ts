const dateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** A time as people in Hainan read it: Asia/Shanghai, 24-hour. */
export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return dateTime.format(typeof value === "string" ? new Date(value) : value);
}

/** "2 小时 5 分" for a duration in milliseconds (negative: overdue). */
export function formatDuration(ms: number): string {
  const overdue = ms < 0;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const text = h > 0 ? `${h} 小时 ${m} 分` : `${m} 分`;
  return overdue ? `已超时 ${text}` : text;
}

export const verdictLabels: Record<string, string> = {
  false: "谣言",
  misleading: "误导",
  unproven: "尚无定论",
  true: "属实",
};

export const urgencyLabels: Record<number, string> = {
  1: "一级 特别重大",
  2: "二级 重大",
  3: "三级 较大",
  4: "四级 一般",
};

export const caseStatusLabels: Record<string, string> = {
  new: "新线索",
  triaged: "已分派",
  drafting: "撰写中",
  in_review: "审核中",
  published: "已发布",
  closed: "已关闭",
};

export const roleLabels: Record<string, string> = {
  admin: "管理员",
  coordinator: "协调员",
  expert: "专家",
  reviewer: "审核人",
  media: "媒体",
};

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

const day = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day in Hainan, "2026-08-01" (a UTC date would be a day early before 08:00). */
export function formatDay(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return day.format(typeof value === "string" ? new Date(value) : value);
}

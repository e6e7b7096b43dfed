import { readCategories, readRegions } from "../content/reference.ts";
import { formatTime } from "../pages/format.ts";
import { urgencyLabel } from "../vocabulary/urgencies.ts";

let names: { categories: Map<string, string>; regions: Map<string, string> } | undefined;

/** Category and region names from content/, read once: emails name them, never slugs or codes. */
function lookup() {
  names ??= {
    categories: new Map(readCategories().map((c) => [c.slug, c.name])),
    regions: new Map(readRegions().map((r) => [r.code, r.name])),
  };
  return names;
}

/** A category's Chinese name ("未分类" when there is none). */
export function categoryName(slug: string | null | undefined): string {
  if (!slug) return "未分类";
  return lookup().categories.get(slug) ?? "其他类别";
}

/** Region names joined for a sentence ("全省" when there is none). */
export function regionNames(codes: readonly string[] | null | undefined): string {
  const list = (codes ?? []).map((c) => lookup().regions.get(c) ?? "其他地区");
  return list.length ? list.join("、") : "海南省";
}

/** A time in Asia/Shanghai as people in Hainan read it. */
export const emailTime = (iso: string | null | undefined) => formatTime(iso);

/**
 * The facts line of a staff email about a case: category, region, urgency and deadline in the
 * words staff read.
 */
export function caseFacts(c: {
  category: string | null;
  regionCode: string | null;
  urgency: number | null;
  deadlineAt: string | null;
}): string {
  const parts = [
    `类别：${categoryName(c.category)}`,
    `地区：${regionNames(c.regionCode ? [c.regionCode] : [])}`,
    `紧急程度：${c.urgency ? urgencyLabel(c.urgency) : "未定级"}`,
  ];
  if (c.deadlineAt) parts.push(`截止：${emailTime(c.deadlineAt)}`);
  return parts.join("　");
}

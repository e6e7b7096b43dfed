import { pinyin } from "pinyin-pro";
import { cutWords } from "./segment.ts";

/** Longest readable slug; a title's tail rarely helps a reader of the address. */
const MAX_SLUG = 60;

/**
 * A readable address for a title: each word in toneless pinyin, words joined by hyphens; Latin
 * letters and digits kept; empty when nothing readable remains.
 * @example pinyinSlug("台风天应关紧门窗") → "taifeng-tian-ying-guanjin-menchuang"
 */
export function pinyinSlug(title: string): string {
  const parts = cutWords(title.normalize("NFKC"))
    .map((word) =>
      pinyin(word, { toneType: "none", type: "array", nonZh: "consecutive", v: true })
        .join("")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ""),
    )
    .filter(Boolean);
  let slug = "";
  for (const part of parts) {
    const next = slug ? `${slug}-${part}` : part;
    if (next.length > MAX_SLUG) break;
    slug = next;
  }
  return slug || (parts[0] ?? "").slice(0, MAX_SLUG);
}

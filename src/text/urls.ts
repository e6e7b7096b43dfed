import { z } from "zod";

/** Whether a string is an absolute http(s) URL: the only kind Chorus links to. */
export function isHttpUrl(u: string): boolean {
  try {
    const url = new URL(u);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** A source or reference URL: absolute http(s) only (no `javascript:`, `data:`, `file:` …). */
export const httpUrl = z
  .string()
  .trim()
  .max(2000, "网址过长")
  .refine(isHttpUrl, "网址必须以 http:// 或 https:// 开头");

/**
 * The URL to put in an href when it is http(s), else undefined: rows stored before a check
 * existed never become script links.
 * @example safeHref("javascript:alert(1)") // undefined
 */
export function safeHref(u: string): string | undefined {
  return isHttpUrl(u) ? u : undefined;
}

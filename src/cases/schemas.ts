import { z } from "@hono/zod-openapi";
import { urgencyRange, urgencyScale } from "../vocabulary/urgencies.ts";
import { hasControlCharacters, hasHtml, hasWords } from "./text-rules.ts";

export { platforms } from "../vocabulary/platforms.ts";
export const closeReasons = ["rejected", "out_of_scope", "answered"] as const;

/** Plain text: no control characters, no HTML. */
export const plainText = (max: number, label: string) =>
  z
    .string()
    .max(max, `${label}不能超过 ${max} 个字符`)
    .refine((t) => !hasControlCharacters(t), `${label}含有不可见的控制字符`)
    .refine((t) => !hasHtml(t), `${label}不能包含 HTML 标记，请粘贴纯文本`);

/** Plain text that must say something once trimmed. */
export const requiredText = (max: number, label: string) =>
  plainText(max, label)
    .transform((t) => t.trim())
    .refine((t) => t.length > 0, `${label}不能为空`)
    .refine((t) => t.length === 0 || hasWords(t), `${label}需要包含文字`);

export const httpUrl = z
  .string()
  .max(2000, "链接不能超过 2000 个字符")
  .refine((u) => {
    try {
      const url = new URL(u);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "链接须以 http:// 或 https:// 开头")
  .openapi({ example: "https://weibo.com/1234567890/AbCdEf" });

export const regionCode = z
  .string()
  .regex(/^\d{6}$/, "地区代码为 6 位数字（GB/T 2260）")
  .openapi({ example: "460100" });

export const categorySlug = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "分类标识格式不正确")
  .openapi({ example: "infectious-disease" });

const urgencyMessage = `紧急程度为 ${urgencyRange.min}–${urgencyRange.max}`;

export const urgencyLevel = z
  .number()
  .int(`${urgencyMessage} 的整数`)
  .min(urgencyRange.min, urgencyMessage)
  .max(urgencyRange.max, urgencyMessage)
  .openapi({ description: urgencyScale, example: 2 });

export const uuid = z.uuid("须为有效的 ID").openapi({ format: "uuid" });

/** The same level read from a query string. */
export const urgencyQuery = z.coerce
  .number()
  .int()
  .min(urgencyRange.min, urgencyMessage)
  .max(urgencyRange.max, urgencyMessage);

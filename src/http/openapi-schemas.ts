import { z } from "@hono/zod-openapi";

/** The problem+json body every error answers with (src/http/errors.ts), as an OpenAPI schema. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problemContent = { "application/problem+json": { schema: Problem } };

const problemText = {
  400: "请求内容不符合要求",
  401: "需要登录",
  403: "没有权限",
  404: "未找到",
  409: "冲突",
  413: "请求内容过大",
  415: "不支持的内容类型",
  429: "请求过于频繁",
} as const;

/**
 * Problem responses of an operation, by status, for its `responses`.
 * @example responses: { 200: json(Case, "The case"), ...problems(400, 404) }
 */
export function problems(...statuses: (keyof typeof problemText)[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: problemText[s], content: problemContent }]),
  ) as Record<number, { description: string; content: typeof problemContent }>;
}

/** A JSON response of an operation. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

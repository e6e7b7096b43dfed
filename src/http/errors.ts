import type { ZodError } from "zod";

/** The closed set of error codes Chorus answers with, and the HTTP status of each. */
export const errorCodes = {
  validation_failed: { status: 400, title: "请求内容不符合要求" },
  malformed_request: { status: 400, title: "请求格式错误" },
  unauthenticated: { status: 401, title: "需要登录" },
  forbidden: { status: 403, title: "没有权限" },
  csrf_failed: { status: 403, title: "请求来源校验失败" },
  not_found: { status: 404, title: "未找到" },
  method_not_allowed: { status: 405, title: "不支持该请求方法" },
  conflict: { status: 409, title: "与当前状态冲突" },
  invalid_state: { status: 409, title: "当前状态不允许此操作" },
  stale_revision: { status: 409, title: "稿件已被他人更新" },
  payload_too_large: { status: 413, title: "请求内容过大" },
  unsupported_media_type: { status: 415, title: "不支持的内容类型" },
  rate_limited: { status: 429, title: "请求过于频繁" },
  internal: { status: 500, title: "服务器内部错误" },
  service_unavailable: { status: 503, title: "服务暂不可用" },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldError {
  path: string;
  message: string;
}

/**
 * An error a service throws on purpose; the HTTP layer turns it into problem+json.
 * @example throw new AppError("invalid_state", "案件已关闭", { currentState: "closed" });
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? errorCodes[code].title);
    this.name = "AppError";
  }

  get status(): number {
    return errorCodes[this.code].status;
  }
}

/**
 * Connection failures of Postgres (postgres.js and SQLSTATE codes) and of the network: the
 * dependency is down or restarting, so the client should come back, not report a bug.
 */
const unavailableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/** Whether an error means a dependency cannot be reached right now (see `unavailableCodes`). */
export function isUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 3) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (unavailableCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
    return true;
  }
  if (err instanceof AggregateError && err.errors.some((e) => isUnavailable(e, depth + 1))) {
    return true;
  }
  return isUnavailable((err as { cause?: unknown }).cause, depth + 1);
}

/** Seconds a client should wait before retrying while a dependency is unavailable. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

/** The 503 a request gets while a dependency is unavailable, with Retry-After. */
export function unavailableError(): AppError {
  return new AppError(
    "service_unavailable",
    "服务依赖的数据库或组件暂时无法访问，请稍后重试",
    {},
    { "retry-after": String(UNAVAILABLE_RETRY_AFTER_S) },
  );
}

/** Turns zod issues into `{ path, message }` field errors with dotted paths. */
export function fieldErrors(error: ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || "(root)",
    message: issue.message,
  }));
}

export function validationError(error: ZodError, prefix?: string): AppError {
  return new AppError("validation_failed", "请检查标出的字段", {
    errors: fieldErrors(error, prefix),
  });
}

/** The RFC 9457 body for an error, with the request id for support. */
export function problemBody(err: AppError, requestId: string | undefined) {
  return {
    type: `/problems/${err.code}`,
    title: errorCodes[err.code].title,
    status: err.status,
    detail: err.detail ?? errorCodes[err.code].title,
    code: err.code,
    requestId,
    ...err.extra,
  };
}

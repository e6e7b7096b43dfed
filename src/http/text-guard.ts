import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";
import { AppError, type FieldError } from "./errors.ts";

/** NUL and UTF-16 surrogates without their partner: Postgres stores neither (text or jsonb). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (s: string) => s.includes("\0") || LONE_SURROGATE.test(s);
const MESSAGE = "不能包含空字符（NUL）或不成对的 UTF-16 代理字符";
const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;
const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

function walk(value: unknown, path: string, out: FieldError[]): void {
  if (out.length >= 20) return;
  if (typeof value === "string") {
    if (unstorable(value)) out.push({ path, message: MESSAGE });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) walk(v, `${path}.${i}`, out);
  } else if (value instanceof File) {
    walk(value.name, `${path}.name`, out);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (unstorable(k)) out.push({ path: `${path}.${k}`, message: `字段名${MESSAGE}` });
      walk(v, `${path}.${k}`, out);
    }
  }
}

function checkPath(pathname: string, out: FieldError[]) {
  for (const segment of pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      out.push({ path: "path", message: "地址含有无效的 UTF-8 编码" });
      return;
    }
    walk(decoded, "path", out);
  }
}

async function body(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<unknown> {
  if (c.req.method === "GET" || c.req.method === "HEAD") return undefined;
  const type = c.req.header("content-type") ?? "";
  if (JSON_TYPE.test(type)) {
    try {
      return JSON.parse(await c.req.text());
    } catch {
      return undefined;
    }
  }
  if (FORM.test(type)) {
    try {
      return await c.req.parseBody({ all: true });
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Refuses, with 400 `validation_failed` and the fields named, any request whose path, query or
 * JSON/form body carries text Postgres cannot store, before any service sees it: one boundary
 * check instead of a refinement on every string schema.
 * @example app.use(refuseUnstorableText);
 */
export const refuseUnstorableText: MiddlewareHandler<AppEnv> = async (c, next) => {
  const errors: FieldError[] = [];
  const url = new URL(c.req.url);
  checkPath(url.pathname, errors);
  for (const [key, value] of url.searchParams) walk(`${key}=${value}`, `query.${key}`, errors);
  walk(await body(c), "body", errors);
  if (errors.length > 0) {
    throw new AppError("validation_failed", `请求内容${MESSAGE}`, { errors });
  }
  await next();
};

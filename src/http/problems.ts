import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import type { AppEnv } from "./env.ts";
import {
  AppError,
  isUnavailable,
  problemBody,
  unavailableError,
  validationError,
} from "./errors.ts";
import { escapeHtml } from "./html.ts";

/** Pages (not /api/) that a browser asked for get an HTML page in words a person understands. */
function wantsPage(c: Context<AppEnv>): boolean {
  return !c.req.path.startsWith("/api/") && (c.req.header("accept") ?? "").includes("text/html");
}

function problemPage(c: Context<AppEnv>, err: AppError): Response {
  const body = problemBody(err, c.get("requestId"));
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(body.title)}</title>
<link rel="stylesheet" href="/assets/console.css"></head><body><main id="main">
<h1>${escapeHtml(body.title)}</h1><p class="alert" role="alert">${escapeHtml(body.detail)}</p>
<p><a href="/">首页</a> · <a href="/console">工作台</a></p>
<p class="muted">请求编号 ${escapeHtml(body.requestId ?? "")}</p></main></body></html>`;
  return new Response(html, {
    status: err.status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "x-request-id": c.get("requestId") ?? "",
      ...err.headers,
    },
  });
}

export function problemResponse(c: Context<AppEnv>, err: AppError): Response {
  if (wantsPage(c)) return problemPage(c, err);
  return new Response(JSON.stringify(problemBody(err, c.get("requestId"))), {
    status: err.status,
    headers: {
      "content-type": "application/problem+json; charset=utf-8",
      "x-request-id": c.get("requestId") ?? "",
      ...err.headers,
    },
  });
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validationError(err);
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError("payload_too_large");
    if (err.status === 401) return new AppError("unauthenticated");
    if (err.status === 400) return new AppError("malformed_request", err.message);
  }
  if (isUnavailable(err)) return unavailableError();
  return new AppError("internal", "服务器出了点问题，请稍后重试");
}

/** One error handler: problem+json for everything, and only 5xx are logged as errors. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const appError = toAppError(err);
  if (appError.status >= 500) {
    c.get("deps")?.log.error({ err, requestId: c.get("requestId") }, "request failed");
  }
  return problemResponse(c, appError);
};

type RouteTable = { method: string; pattern: RegExp }[];

/**
 * Builds a 404/405 handler from the routes the app knows, so a wrong method says so. It asks for
 * them at the first unknown address, once: every route is registered by then (Hono's router
 * refuses a route added after the first request), and building the table per 404 (a regular
 * expression per route) cost ≈ 1 ms of CPU for each unknown address.
 * @example app.notFound(notFoundHandler(() => app.routes));
 */
export function notFoundHandler(
  routes: () => { method: string; path: string }[],
): NotFoundHandler<AppEnv> {
  let table: RouteTable | undefined;
  return (c) => {
    const path = c.req.path;
    table ??= routes()
      .filter((r) => r.method !== "ALL" && !r.path.includes("*"))
      .map((r) => ({ method: r.method, pattern: templateToRegExp(r.path) }));
    const allowed = table.filter((r) => r.pattern.test(path)).map((r) => r.method.toUpperCase());
    if (allowed.length > 0) {
      const allow = [...new Set(allowed)].join(", ");
      return problemResponse(
        c,
        new AppError(
          "method_not_allowed",
          `${c.req.method} 不适用于 ${path}，可用：${allow}`,
          {},
          { allow },
        ),
      );
    }
    return problemResponse(c, new AppError("not_found", `没有这个地址：${path}`));
  };
}

/** `/api/v1/cases/{id}` and `/x/:id` style templates as anchored regular expressions. */
export function templateToRegExp(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\}|:[A-Za-z0-9_]+)/)
    .map((part) =>
      /^(\{[^}]+\}|:[A-Za-z0-9_]+)$/.test(part)
        ? "[^/]+"
        : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${escaped}/?$`);
}

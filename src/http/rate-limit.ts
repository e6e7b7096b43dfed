import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors.ts";

export interface RateLimitOptions {
  /** Names the limit; limits with different names count separately. */
  name: string;
  /** Requests allowed per window and key. */
  limit: number;
  windowMs: number;
  /** What to count by, e.g. the caller's address or organisation. */
  key: (c: Context<AppEnv>) => string;
  /** Most keys remembered at once; the oldest are evicted first. */
  maxKeys?: number;
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * A fixed-window counter per key, held in this process's memory (per node: several nodes each
 * allow `limit`). Memory is bounded by `maxKeys`; expired windows are swept when it fills.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    readonly maxKeys = 10_000,
  ) {}

  /** Counts one hit; answers whether it is allowed and, if not, seconds until it will be. */
  hit(key: string, now = Date.now()): { allowed: boolean; retryAfter: number } {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      this.windows.delete(key);
      this.makeRoom(now);
      w = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    const retryAfter = Math.max(1, Math.ceil((w.resetAt - now) / 1000));
    return { allowed: w.count <= this.limit, retryAfter };
  }

  get size(): number {
    return this.windows.size;
  }

  private makeRoom(now: number) {
    if (this.windows.size < this.maxKeys) return;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    // Map iteration is insertion order: the first keys are the oldest windows.
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}

/** The 429 problem for a refused request, with Retry-After in seconds. */
export function rateLimited(retryAfter: number, detail = "请求过于频繁，请稍后再试"): AppError {
  return new AppError(
    "rate_limited",
    detail,
    { retryAfter },
    { "retry-after": String(retryAfter) },
  );
}

// One set of counters per Deps (per app instance), so separate apps and test files never share.
const limiters = new WeakMap<object, Map<string, RateLimiter>>();

function limiterFor(c: Context<AppEnv>, opts: RateLimitOptions): RateLimiter {
  const deps = c.get("deps");
  let byName = limiters.get(deps);
  if (!byName) {
    byName = new Map();
    limiters.set(deps, byName);
  }
  let limiter = byName.get(opts.name);
  if (!limiter) {
    limiter = new RateLimiter(opts.limit, opts.windowMs, opts.maxKeys);
    byName.set(opts.name, limiter);
  }
  return limiter;
}

/**
 * Hono middleware that answers 429 `rate_limited` (with `Retry-After`) past `limit` requests per
 * `windowMs` and key. Add it to a route's `middleware` beside `access(...)`.
 * @example rateLimit({ name: "createReport", limit: 10, windowMs: 60_000, key: (c) => requestMeta(c).ip })
 */
export function rateLimit(opts: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const verdict = limiterFor(c, opts).hit(opts.key(c), c.get("deps").now().getTime());
    if (!verdict.allowed) throw rateLimited(verdict.retryAfter);
    await next();
  };
}

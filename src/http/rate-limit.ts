import type { Context, MiddlewareHandler } from "hono";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../db/client.ts";
import type { Deps } from "../deps.ts";
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

/**
 * The one client contract rate-limiter-flexible's `storeType: "pool"` uses (`query({ name, text,
 * values })` → `{ rows }`), answered by the process's own postgres.js pool (ADR 0290): no second
 * driver, pool and connections for limits. The library's statements are run as they are,
 * prepared (`prepare: true`, as its named statements are on `pg`).
 */
export function limitStore(sql: Db) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const rows = await sql.unsafe(q.text, (q.values ?? []) as never[], { prepare: true });
      return { rows, rowCount: rows.count };
    },
  };
}

// One set of limiters per Deps (per process, or per test file's database).
const stores = new WeakMap<Deps, Map<string, RateLimiterPostgres>>();

/**
 * The shared counter of one limit: rate-limiter-flexible's fixed window in the
 * `chorus_rate_limits` table (migration 0140; unlogged since 0328, ADR 0328), so N API nodes
 * together allow `limit`, not N times it (ADR 0080). While Postgres cannot answer, each node
 * falls back to counting in its memory.
 */
function limiterFor(deps: Deps, opts: RateLimitOptions): RateLimiterPostgres {
  let byName = stores.get(deps);
  if (!byName) {
    byName = new Map();
    stores.set(deps, byName);
  }
  let limiter = byName.get(opts.name);
  if (!limiter) {
    const duration = Math.max(1, Math.ceil(opts.windowMs / 1000));
    limiter = new RateLimiterPostgres({
      storeClient: limitStore(deps.sql),
      storeType: "pool",
      tableName: "chorus_rate_limits",
      tableCreated: true,
      keyPrefix: opts.name,
      points: opts.limit,
      duration,
      // A caller past the limit is refused from memory until the window ends: no query per flood request.
      inMemoryBlockOnConsumed: opts.limit + 1,
      inMemoryBlockDuration: duration,
      insuranceLimiter: new RateLimiterMemory({ points: opts.limit, duration }),
    });
    byName.set(opts.name, limiter);
  }
  return limiter;
}

/** Forgets the limiters of these Deps (at shutdown; their queries ran on `deps.sql`). */
export async function closeRateLimits(deps: Deps): Promise<void> {
  stores.delete(deps);
}

/**
 * Hono middleware that answers 429 `rate_limited` (with `Retry-After`) past `limit` requests per
 * `windowMs` and key, counted across every node on the same database. Add it to a route's
 * `middleware` beside `access(...)`.
 * @example rateLimit({ name: "createReport", limit: 10, windowMs: 60_000, key: (c) => requestMeta(c).ip })
 */
export function rateLimit(opts: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    try {
      await limiterFor(c.get("deps"), opts).consume(opts.key(c));
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      throw rateLimited(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
    }
    await next();
  };
}

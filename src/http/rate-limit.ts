import type { Context, MiddlewareHandler } from "hono";
import pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
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

interface Store {
  pool: pg.Pool;
  byName: Map<string, RateLimiterPostgres>;
}

// One pool and one set of limiters per Deps (per process, or per test file's database).
const stores = new WeakMap<Deps, Store>();

function storeFor(deps: Deps): Store {
  let store = stores.get(deps);
  if (!store) {
    const pool = new pg.Pool({
      connectionString: deps.databaseUrl,
      max: 3,
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
      application_name: "chorus-rate-limits",
    });
    pool.on("error", (err) => deps.log.warn({ err: err.message }, "rate-limit pool error"));
    store = { pool, byName: new Map() };
    stores.set(deps, store);
  }
  return store;
}

/**
 * The shared counter of one limit: rate-limiter-flexible's fixed window in the
 * `chorus_rate_limits` table (migration 0140), so N API nodes together allow `limit`, not N times
 * it (ADR 0080). While Postgres cannot answer, each node falls back to counting in its memory.
 */
function limiterFor(deps: Deps, opts: RateLimitOptions): RateLimiterPostgres {
  const store = storeFor(deps);
  let limiter = store.byName.get(opts.name);
  if (!limiter) {
    const duration = Math.max(1, Math.ceil(opts.windowMs / 1000));
    limiter = new RateLimiterPostgres({
      storeClient: store.pool,
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
    store.byName.set(opts.name, limiter);
  }
  return limiter;
}

/** Ends the limits' connection pool of these Deps (at shutdown). */
export async function closeRateLimits(deps: Deps): Promise<void> {
  const store = stores.get(deps);
  stores.delete(deps);
  await store?.pool.end();
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

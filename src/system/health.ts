import crypto from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { access } from "../auth/access.ts";
import type { Deps } from "../deps.ts";
import type { App, AppEnv } from "../http/env.ts";
import { AppError } from "../http/errors.ts";
import type { Metrics } from "../http/metrics.ts";
import { requestMeta } from "../http/request-meta.ts";
import { queueState } from "./db/readiness.ts";

const componentState = z.enum(["up", "down", "not_configured"]);
const readiness = z
  .object({
    status: z.enum(["ready", "degraded", "unavailable"]),
    components: z.object({
      postgres: componentState,
      meilisearch: componentState,
      queue: componentState,
    }),
  })
  .openapi("Readiness");

const healthRoute = createRoute({
  operationId: "health",
  method: "get",
  path: "/healthz",
  tags: ["system"],
  summary: "The process is up",
  ...access({ public: true }),
  responses: {
    200: {
      description: "Up",
      content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } },
    },
  },
});

const readyRoute = createRoute({
  operationId: "readiness",
  method: "get",
  path: "/readyz",
  tags: ["system"],
  summary: "Whether Postgres, Meilisearch and the job queue are reachable",
  ...access({ public: true }),
  description:
    "`ready` when all are up; `degraded` (still 200) when only Meilisearch is down, since search " +
    "falls back to Postgres; `unavailable` (503) when Postgres or the queue is down (the queue " +
    "is down when no worker process has been seen for a minute).",
  responses: {
    200: {
      description: "Ready or degraded",
      content: { "application/json": { schema: readiness } },
    },
    503: { description: "Unavailable", content: { "application/json": { schema: readiness } } },
  },
});

/** A worker process that has not said it is alive for this long counts as gone. */
const WORKER_SEEN_WITHIN_SECONDS = 60;

const down = { postgres: "down" as const, queueInstalled: false, workerSeen: false };

async function postgresState(deps: Deps) {
  try {
    // The search door has connections of its own (ADR 0318): both must reach Postgres.
    await deps.search.ping();
    return { postgres: "up" as const, ...(await queueState(deps.sql, WORKER_SEEN_WITHIN_SECONDS)) };
  } catch {
    return down;
  }
}

/**
 * Checks each dependency, with a short timeout so that the probe itself never hangs. The queue
 * is up when its schema is there and a worker runs: in this process, or (`RUN_WORKERS=false`)
 * a separate one whose heartbeat is recent.
 */
export async function checkReadiness(deps: Deps): Promise<z.infer<typeof readiness>> {
  const [pg, meilisearch] = await Promise.all([
    Promise.race([
      postgresState(deps),
      new Promise<typeof down>((r) => setTimeout(() => r(down), 2000)),
    ]),
    deps.search.health(),
  ]);
  const workersOk = deps.workers ? deps.workers.running() : pg.workerSeen;
  const queue = pg.queueInstalled && workersOk ? "up" : "down";
  const status =
    pg.postgres === "down" || queue === "down"
      ? "unavailable"
      : meilisearch === "up"
        ? "ready"
        : "degraded";
  return { status, components: { postgres: pg.postgres, meilisearch, queue } };
}

export function registerHealth(app: App, ctx: { metrics: Metrics }): void {
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(readyRoute, async (c) => {
    const result = await checkReadiness(c.get("deps"));
    return c.json(result, result.status === "unavailable" ? 503 : 200);
  });
  app.get("/metrics", metricsAccess, async (c) => {
    c.header("content-type", ctx.metrics.registry.contentType);
    return c.body(await ctx.metrics.registry.metrics());
  });
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1", "local"]);

/**
 * /metrics tells an attacker routes, volumes and errors: with METRICS_TOKEN set it needs that
 * bearer token; without one it answers loopback callers only, and never in production (a
 * reverse proxy on the same host would make every caller look local).
 */
const metricsAccess: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { metricsToken, production } = c.get("deps").config;
  if (metricsToken) {
    const presented = Buffer.from(c.req.header("authorization") ?? "");
    const expected = Buffer.from(`Bearer ${metricsToken}`);
    if (presented.length === expected.length && crypto.timingSafeEqual(presented, expected)) {
      return next();
    }
    throw new AppError("unauthenticated", "需要监控令牌（Authorization: Bearer METRICS_TOKEN）");
  }
  if (!production && LOOPBACK.has(requestMeta(c).ip)) return next();
  throw new AppError("forbidden", "指标只对本机开放；请设置 METRICS_TOKEN");
};

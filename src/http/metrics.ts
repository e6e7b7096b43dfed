import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  middleware: MiddlewareHandler;
}

/** A Prometheus registry of its own (tests build many apps) with HTTP request metrics. */
export function createMetrics(opts: { processMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "chorus_http_requests_total",
    help: "HTTP requests by route and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "chorus_http_request_duration_seconds",
    help: "HTTP request duration by route",
    labelNames: ["method", "route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const middleware: MiddlewareHandler = async (c, next) => {
    const start = performance.now();
    await next();
    const route = c.res.status === 404 ? "(unmatched)" : routePath(c);
    const seconds = (performance.now() - start) / 1000;
    requests.inc({ method: c.req.method, route, status: c.res.status });
    duration.observe({ method: c.req.method, route }, seconds);
  };
  return { registry, middleware };
}

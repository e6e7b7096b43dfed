import type { App } from "../http/env.ts";
import type { Metrics } from "../http/metrics.ts";
import { registerHealth } from "./system/health.ts";
import { registerOpenApi } from "./system/openapi.ts";

/** Every route module, registered in one place. */
export function registerRoutes(app: App, ctx: { metrics: Metrics }): void {
  registerHealth(app, ctx);
  registerOpenApi(app);
}

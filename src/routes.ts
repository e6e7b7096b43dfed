import { registerAccessRoutes } from "./access/routes/index.ts";
import { registerAuthenticityRoutes } from "./authenticity/routes/index.ts";
import { registerCasesRoutes } from "./cases/routes/index.ts";
import { registerFanoutRoutes } from "./fanout/routes/index.ts";
import type { App } from "./http/env.ts";
import type { Metrics } from "./http/metrics.ts";
import { registerImageRoutes } from "./images/routes/index.ts";
import { registerLibraryRoutes } from "./library/routes/index.ts";
import { registerAssets } from "./pages/assets.ts";
import { registerConsolePages } from "./pages/console/index.ts";
import { registerHelpfulForm } from "./pages/public/helpful-widget.tsx";
import { registerTopicPages } from "./pages/public/topic-routes.tsx";
import { registerReviewRoutes } from "./review/routes/index.ts";
import { registerHealth } from "./system/health.ts";
import { registerOpenApi } from "./system/openapi.ts";
import { registerTopicsRoutes } from "./topics/routes/index.ts";

/** Every route module, registered in one place; each area lists its own operations. */
export function registerRoutes(app: App, ctx: { metrics: Metrics }): void {
  registerHealth(app, ctx);
  registerAccessRoutes(app);
  registerCasesRoutes(app);
  registerReviewRoutes(app);
  registerLibraryRoutes(app);
  registerFanoutRoutes(app);
  registerAuthenticityRoutes(app);
  registerImageRoutes(app);
  registerTopicsRoutes(app);
  registerTopicPages(app);
  registerHelpfulForm(app);
  registerAssets(app);
  registerConsolePages(app);
  registerOpenApi(app);
}

import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { authenticate } from "../auth/authenticate.ts";
import { csrf } from "../auth/csrf.ts";
import { servedOverHttps } from "../auth/session-cookie.ts";
import type { Deps } from "../deps.ts";
import { registerRoutes } from "../routes.ts";
import { limitBodies } from "./body-limit.ts";
import type { App, AppEnv } from "./env.ts";
import { AppError, validationError } from "./errors.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { notFoundHandler, onError, problemResponse } from "./problems.ts";
import { refuseUnstorableText } from "./text-guard.ts";
import { isUpload } from "./uploads.ts";

/**
 * Every page: scripts only from our own files (no inline script, no `javascript:` URL), images
 * only our own (no remote trackers), no plugins, no framing, forms only to us. Inline style
 * attributes stay allowed: they cannot run script.
 */
const pageCsp = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** One year, subdomains too: browsers then refuse plain http to us for that long. */
const HSTS = "max-age=31536000; includeSubDomains";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

/**
 * Builds the Hono app: middleware, the error model, and every route.
 * @example const app = createApp(deps); serve({ fetch: app.fetch });
 */
export function createApp(deps: Deps, opts: { metrics?: Metrics } = {}): App {
  const metrics = opts.metrics ?? createMetrics({ processMetrics: false });
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return problemResponse(c, validationError(result.error));
    },
  });

  app.use(requestId({ headerName: "x-request-id" }));
  app.use(async (c, next) => {
    c.set("deps", deps);
    const start = performance.now();
    await next();
    deps.log.info(
      {
        requestId: c.get("requestId"),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - start),
      },
      "request",
    );
  });
  app.use(metrics.middleware);
  app.use(
    secureHeaders({
      crossOriginResourcePolicy: "same-origin",
      contentSecurityPolicy: pageCsp,
      strictTransportSecurity: servedOverHttps(deps.config) ? HSTS : false,
    }),
  );
  app.use(limitBodies(deps.config.bodyLimitBytes));
  app.use("/api/*", async (c, next) => {
    const type = c.req.header("content-type");
    const hasBody = Number(c.req.header("content-length") ?? 0) > 0 || type !== undefined;
    const unsafe = UNSAFE.has(c.req.method) && hasBody;
    if (unsafe && !JSON_TYPE.test(type ?? "") && !isUpload(c.req.path, type)) {
      throw new AppError(
        "unsupported_media_type",
        "请求体须为 JSON（Content-Type: application/json）；提交图片的接口也接受 multipart/form-data",
      );
    }
    await next();
  });

  app.use(refuseUnstorableText);
  app.use(authenticate);
  app.use(csrf);

  registerRoutes(app, { metrics });

  app.onError(onError);
  app.notFound(notFoundHandler(() => app.routes));
  return app;
}

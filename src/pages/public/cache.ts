import type { MiddlewareHandler } from "hono";
import { etag } from "hono/etag";
import type { AppEnv } from "../../http/env.ts";

/**
 * For a CDN or browser in front of public pages and feeds: a strong ETag over the body (a
 * matching `If-None-Match` gets 304) and, where the route set none, `Cache-Control: public`
 * for `maxAge` seconds. The staleness bound is in infra/DEPLOY.md.
 * @example app.use("/feeds/*", publicCache(30));
 */
export function publicCache(maxAge: number): MiddlewareHandler<AppEnv> {
  const tag = etag();
  return async (c, next) => {
    await tag(c, async () => {
      await next();
      if (c.res.status === 200 && !c.res.headers.has("cache-control")) {
        c.res.headers.set("cache-control", `public, max-age=${maxAge}`);
      }
    });
  };
}

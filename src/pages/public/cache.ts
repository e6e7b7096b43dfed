import type { Context, MiddlewareHandler } from "hono";
import { etag } from "hono/etag";
import { csrfToken } from "../../auth/csrf.ts";
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

/**
 * Headers of a public HTML page: cacheable for 10 s, except for a signed-in reader, whose page
 * carries their session's CSRF token and so must stay out of shared caches.
 */
export function pageHeaders(c: Context<AppEnv>): Record<string, string> {
  const personal = csrfToken(c) !== undefined;
  return {
    "content-type": "text/html; charset=utf-8",
    "cache-control": personal ? "private, no-store" : "public, max-age=10",
  };
}

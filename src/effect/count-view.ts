import type { MiddlewareHandler } from "hono";
import type { App, AppEnv } from "../http/env.ts";
import { isBot } from "./bots.ts";
import { effectCounter } from "./counter.ts";

/**
 * Counts a public rebuttal page shown to a reader: a 200 (or a 304 revalidation) of
 * `/r/{slug}`, not from a bot, not a signed-in staff member's preview. `?from=search` also
 * counts a click from search results. Costs a map increment; the write is batched (ADR 0180).
 */
export const countRebuttalView: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.get("deps").config.effectCounting) return;
  if (c.req.method !== "GET" || (c.res.status !== 200 && c.res.status !== 304)) return;
  if (c.get("actor").kind !== "public" || isBot(c.req.header("user-agent"))) return;
  const deps = c.get("deps");
  const counter = effectCounter(deps);
  const slug = c.req.param("slug") ?? "";
  const at = deps.now();
  counter.add("views", slug, at);
  if (c.req.query("from") === "search") counter.add("searchClicks", slug, at);
};

/** Registers the view counter in front of the public rebuttal page (before its route). */
export function registerViewCounting(app: App): void {
  app.get("/r/:slug", countRebuttalView);
}

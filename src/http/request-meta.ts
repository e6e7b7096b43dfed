import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { RequestMeta } from "../auth/actor.ts";
import type { AppEnv } from "./env.ts";

/** The caller's address (X-Forwarded-For only behind a trusted proxy), request id and agent. */
export function requestMeta(c: Context<AppEnv>): RequestMeta {
  const deps = c.get("deps");
  let ip = "unknown";
  const forwarded = c.req.header("x-forwarded-for");
  if (deps.config.trustProxy && forwarded) {
    ip = forwarded.split(",")[0]!.trim();
  } else {
    try {
      ip = getConnInfo(c).remote.address ?? "unknown";
    } catch {
      // app.request() in tests has no socket.
      ip = "local";
    }
  }
  return { ip, requestId: c.get("requestId"), userAgent: c.req.header("user-agent") };
}

import type { Context } from "hono";
import type { ServiceCtx, StaffCtx } from "../context.ts";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors.ts";
import { requestMeta } from "./request-meta.ts";

/** The service context of a request: the app's deps, the caller and where the call came from. */
export function serviceCtx(c: Context<AppEnv>): ServiceCtx {
  return { deps: c.get("deps"), actor: c.get("actor"), meta: requestMeta(c) };
}

/** The service context of an operation only signed-in people may call (after access()). */
export function staffCtx(c: Context<AppEnv>): StaffCtx {
  const actor = c.get("actor");
  if (actor.kind !== "user") throw new AppError("unauthenticated", "请先登录");
  return { deps: c.get("deps"), actor, meta: requestMeta(c) };
}

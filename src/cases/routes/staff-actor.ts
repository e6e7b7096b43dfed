import type { Context } from "hono";
import type { UserActor } from "../../auth/actor.ts";
import type { AppEnv } from "../../http/env.ts";
import { AppError } from "../../http/errors.ts";

/** The signed-in person behind a staff operation (access() has already admitted only people). */
export function staffActor(c: Context<AppEnv>): UserActor {
  const actor = c.get("actor");
  if (actor.kind !== "user") throw new AppError("unauthenticated", "请先登录");
  return actor;
}

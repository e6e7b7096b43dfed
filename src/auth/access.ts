import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/env.ts";
import { AppError } from "../http/errors.ts";
import type { Role, Scope } from "./actor.ts";

/**
 * Who may call an operation at all. Object-level rules (whose case, which organisation's
 * subscription) are checked in the services through the policy module.
 * - `{ public: true }`: anyone, signed in or not;
 * - `{ roles }`: signed-in people with any of these roles;
 * - `{ roles, scopes }`: also API tokens holding any of these scopes;
 * - `{ signedIn: true }`: any signed-in person (e.g. logout, own profile).
 */
export type AccessSpec =
  | { public: true }
  | { signedIn: true }
  | { roles: readonly Role[]; scopes?: readonly Scope[] };

function allowed(spec: AccessSpec, actor: AppEnv["Variables"]["actor"]): boolean | "anonymous" {
  if ("public" in spec) return true;
  if (actor.kind === "public") return "anonymous";
  if ("signedIn" in spec) return actor.kind === "user";
  if (actor.kind === "user") return spec.roles.some((r) => actor.roles.includes(r));
  return (spec.scopes ?? []).some((s) => actor.scopes.includes(s));
}

/** Refuses callers the spec does not admit: 401 when anonymous, 403 otherwise. */
export function enforceAccess(spec: AccessSpec): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const verdict = allowed(spec, c.get("actor"));
    if (verdict === "anonymous") throw new AppError("unauthenticated", "请先登录或提供 API 令牌");
    if (!verdict) throw new AppError("forbidden", "你的角色不能执行此操作");
    await next();
  };
}

/**
 * Spread into `createRoute({...})`: enforces the spec and records it in the OpenAPI document
 * as `x-chorus-access`, where the authorisation matrix test finds every operation's rule.
 * Extra middleware (e.g. `rateLimit(...)`) runs after the access check, in the order given.
 * @example createRoute({ operationId: "triageCase", ...access({ roles: ["coordinator"] }), … })
 */
export function access(spec: AccessSpec, ...after: MiddlewareHandler<AppEnv>[]) {
  return {
    middleware: after.length ? [enforceAccess(spec), ...after] : enforceAccess(spec),
    security: "public" in spec ? [] : [{ bearer: [] }],
    "x-chorus-access": spec,
  };
}

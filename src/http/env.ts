import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Actor } from "../auth/actor.ts";
import type { Deps } from "../deps.ts";

/** Per-request values set by middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    deps: Deps;
    /** Who is calling; `{ kind: "public" }` without credentials. */
    actor: Actor;
    authVia: "bearer" | "cookie" | "none";
    /** A session cookie was sent but is no longer valid (pages ask to sign in again). */
    staleSession?: boolean;
  };
}

export type App = OpenAPIHono<AppEnv>;

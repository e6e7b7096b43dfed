import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Deps } from "../deps.ts";

/** Per-request values set by middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    deps: Deps;
  };
}

export type App = OpenAPIHono<AppEnv>;

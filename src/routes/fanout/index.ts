import type { App } from "../../http/env.ts";

/** The fanout area's operations, one file per operation beside this one. */
export function registerFanoutRoutes(_app: App): void {}

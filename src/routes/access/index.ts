import type { App } from "../../http/env.ts";

/** The access area's operations, one file per operation beside this one. */
export function registerAccessRoutes(_app: App): void {}

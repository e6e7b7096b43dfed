import type { App } from "../../http/env.ts";

/** The cases area's operations, one file per operation beside this one. */
export function registerCasesRoutes(_app: App): void {}

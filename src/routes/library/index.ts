import type { App } from "../../http/env.ts";

/** The library area's operations, one file per operation beside this one. */
export function registerLibraryRoutes(_app: App): void {}

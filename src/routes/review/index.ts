import type { App } from "../../http/env.ts";

/** The review area's operations, one file per operation beside this one. */
export function registerReviewRoutes(_app: App): void {}

import type { App } from "../../http/env.ts";
import { registerCreateReport } from "./create-report.ts";

/** The cases area's operations, one file per operation beside this one. */
export function registerCasesRoutes(app: App): void {
  registerCreateReport(app);
}

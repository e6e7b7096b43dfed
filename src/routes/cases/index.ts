import type { App } from "../../http/env.ts";
import { registerCreateCase } from "./create-case.ts";
import { registerCreateReport } from "./create-report.ts";
import { registerTriageCase } from "./triage-case.ts";

/** The cases area's operations, one file per operation beside this one. */
export function registerCasesRoutes(app: App): void {
  registerCreateReport(app);
  registerCreateCase(app);
  registerTriageCase(app);
}

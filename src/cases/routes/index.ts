import type { App } from "../../http/env.ts";
import { registerCloseCase } from "./close-case.ts";
import { registerCreateCase } from "./create-case.ts";
import { registerCreateReport } from "./create-report.ts";
import { registerGetCase } from "./get-case.ts";
import { registerGetReportStatus } from "./get-report-status.ts";
import { registerGetStats } from "./get-stats.ts";
import { registerListCases } from "./list-cases.ts";
import { registerMergeCase } from "./merge-case.ts";
import { registerOpenCaseFromSearchMiss } from "./open-case-from-search-miss.ts";
import { registerSuggestExperts } from "./suggest-experts.ts";
import { registerTriageCase } from "./triage-case.ts";

/** The cases area's operations, one file per operation beside this one. */
export function registerCasesRoutes(app: App): void {
  registerCreateReport(app);
  registerGetReportStatus(app);
  registerCreateCase(app);
  registerTriageCase(app);
  registerListCases(app);
  registerGetCase(app);
  registerMergeCase(app);
  registerCloseCase(app);
  registerSuggestExperts(app);
  registerGetStats(app);
  registerOpenCaseFromSearchMiss(app);
}

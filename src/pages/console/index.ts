import type { App } from "../../http/env.ts";
import { registerReportPage } from "../report/report-page.tsx";
import { registerReportStatusPages } from "../report/report-status-page.tsx";
import { registerAdminAuditPage } from "./admin-audit-page.tsx";
import { registerAdminChainsPage } from "./admin-chains-page.tsx";
import { registerAdminOrganisationPages } from "./admin-organisations-page.tsx";
import { registerAdminPage } from "./admin-page.tsx";
import { registerAdminPeoplePages } from "./admin-people-page.tsx";
import { registerApiTokenPages } from "./api-tokens-page.tsx";
import { registerCasePage } from "./case-page.tsx";
import { registerCasesPages } from "./cases-page.tsx";
import { registerDashboardPage } from "./dashboard-page.tsx";
import { registerDraftPages } from "./draft-page.tsx";
import { registerHomePage } from "./home-page.tsx";
import { registerIntakePage } from "./intake-page.tsx";
import { registerMediaPages } from "./media-page.tsx";
import { registerMergeClosePages } from "./merge-close-page.tsx";
import { registerNewCasePage } from "./new-case-page.tsx";
import { registerPublicationPages } from "./publication-page.tsx";
import { registerReviewPages } from "./reviews-page.tsx";
import { registerSessionPages } from "./session.tsx";
import { registerSubscriptionPages } from "./subscription-page.tsx";
import { registerTopicPages } from "./topics-page.tsx";

/** The staff console and media portal: server-rendered pages on the same services as the API. */
export function registerConsolePages(app: App): void {
  registerSessionPages(app);
  registerHomePage(app);
  registerReportPage(app);
  registerReportStatusPages(app);
  registerCasesPages(app);
  // Before the case page, whose /console/cases/:id would otherwise take /console/cases/new.
  registerNewCasePage(app);
  registerMergeClosePages(app);
  registerPublicationPages(app);
  registerCasePage(app);
  registerDraftPages(app);
  registerMediaPages(app);
  registerReviewPages(app);
  registerDashboardPage(app);
  registerTopicPages(app);
  registerIntakePage(app);
  registerApiTokenPages(app);
  registerSubscriptionPages(app);
  registerAdminPage(app);
  registerAdminOrganisationPages(app);
  registerAdminPeoplePages(app);
  registerAdminChainsPage(app);
  registerAdminAuditPage(app);
}

import type { App } from "../../http/env.ts";
import { registerCreateRevision } from "./create-revision.ts";
import { registerDecideReview } from "./decide-review.ts";
import { registerDiffRevisions } from "./diff-revisions.ts";
import { registerGetRevision } from "./get-revision.ts";
import { registerListReviewInbox } from "./list-review-inbox.ts";
import { registerListRevisions } from "./list-revisions.ts";
import { registerRetractRebuttal } from "./retract-rebuttal.ts";
import { registerSubmitRevision } from "./submit-revision.ts";

/** The review area's operations, one file per operation beside this one. */
export function registerReviewRoutes(app: App): void {
  registerCreateRevision(app);
  registerListRevisions(app);
  registerGetRevision(app);
  registerDiffRevisions(app);
  registerSubmitRevision(app);
  registerDecideReview(app);
  registerListReviewInbox(app);
  registerRetractRebuttal(app);
}

import type { App } from "../../http/env.ts";
import { registerPublicPages } from "../../pages/public/index.tsx";
import { registerGetRebuttal } from "./get-rebuttal.ts";
import { registerListSearchMisses } from "./list-search-misses.ts";
import { registerSearchRebuttals } from "./search-rebuttals.ts";
import { registerVoteHelpful } from "./vote-helpful.ts";

/** The library area's operations, one file per operation beside this one. */
export function registerLibraryRoutes(app: App): void {
  registerSearchRebuttals(app);
  registerGetRebuttal(app);
  registerVoteHelpful(app);
  registerListSearchMisses(app);
  registerPublicPages(app);
}

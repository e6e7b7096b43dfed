import { seedDemo } from "../seeds/demo.ts";
import { checkCaseSettings } from "./cases/settings.ts";
import { loadReferenceData } from "./content/reference.ts";
import type { Sql } from "./db/client.ts";
import type { Deps } from "./deps.ts";
import { startFanoutSweeper } from "./fanout/sweep.ts";
import { applySearchSettings } from "./library/start.ts";
import { loadStarterLibrary } from "./library/starter.ts";
import { reviewChains } from "./review/chains.ts";
import { loadReviewChains } from "./review/load.ts";

/**
 * Reference data from content/ that the schema's foreign keys and rules rely on (regions,
 * categories, review-chain policies). Loaded at every start and into the tests' template
 * database. Each step is idempotent and returns a short summary.
 */
const referenceSteps: { name: string; run(sql: Sql): Promise<string> }[] = [
  { name: "reference data", run: loadReferenceData },
  { name: "review chains", run: async () => `${reviewChains().policies.length} policies valid` },
  { name: "case settings", run: checkCaseSettings },
];

/** Editorial content (starter library) and demo seeds, loaded at start only. */
const startSteps: { name: string; demoOnly: boolean; run(deps: Deps): Promise<string> }[] = [
  { name: "demo organisations and logins", demoOnly: true, run: seedDemo },
  // After the demo seeds, so the chains' organisations are only reported when truly missing.
  {
    name: "review-chain organisations",
    demoOnly: false,
    run: (deps) => loadReviewChains(deps.sql),
  },
  { name: "fan-out sweeper", demoOnly: false, run: startFanoutSweeper },
  { name: "library index settings", demoOnly: false, run: applySearchSettings },
  { name: "starter library", demoOnly: false, run: loadStarterLibrary },
];

export async function loadReference(sql: Sql): Promise<string[]> {
  const done: string[] = [];
  for (const step of referenceSteps) done.push(`${step.name}: ${await step.run(sql)}`);
  return done;
}

/**
 * Loads content/ (always) and seeds/ (when demo data is on) into the database, idempotently.
 * @example const done = await bootstrap(deps);
 */
export async function bootstrap(deps: Deps): Promise<string[]> {
  const done = await loadReference(deps.sql);
  for (const step of startSteps) {
    if (step.demoOnly && !deps.config.seedDemo) continue;
    done.push(`${step.name}: ${await step.run(deps)}`);
  }
  return done;
}

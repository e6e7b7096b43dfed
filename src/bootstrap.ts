import type { Deps } from "./deps.ts";

/** A step that loads editorial content or demo data at start; must be safe to run again. */
export type BootstrapStep = (deps: Deps) => Promise<string | undefined>;

const steps: { name: string; demoOnly: boolean; run: BootstrapStep }[] = [];

/**
 * Loads content/ (always) and seeds/ (when demo data is on) into the database, idempotently.
 * @example const done = await bootstrap(deps);
 */
export async function bootstrap(deps: Deps): Promise<string[]> {
  const done: string[] = [];
  for (const step of steps) {
    if (step.demoOnly && !deps.config.seedDemo) continue;
    const said = await step.run(deps);
    if (said) done.push(`${step.name}: ${said}`);
  }
  return done;
}

import type { Deps } from "../../deps.ts";

const CHECK_EVERY_MS = 5000;
const state = new WeakMap<Deps, { at: number; up: Promise<boolean> }>();

/**
 * Whether Meilisearch answered its health check lately (checked at most every 5 s per process),
 * so that a search neither waits on a dead server nor calls it when it is known to be down.
 */
export function meiliAvailable(deps: Deps): Promise<boolean> {
  const now = Date.now();
  const known = state.get(deps);
  if (known && now - known.at < CHECK_EVERY_MS) return known.up;
  const up = deps.search.health().then((h) => h === "up");
  state.set(deps, { at: now, up });
  return up;
}

/** Records a failed Meilisearch call: searches degrade until the next health check. */
export function markMeiliDown(deps: Deps): void {
  state.set(deps, { at: Date.now(), up: Promise.resolve(false) });
}

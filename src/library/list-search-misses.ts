import type { ServiceCtx } from "../context.ts";
import { listSearchMisses as readSearchMisses } from "./db/library.ts";

/**
 * Public searches that found nothing, busiest first: rumours people ask about that the library
 * does not answer yet. Coordinators only (enforced by the route's access spec).
 * @example const misses = await listSearchMisses(ctx, { limit: 50, offset: 0 });
 */
export async function listSearchMisses(
  { deps }: Pick<ServiceCtx, "deps">,
  page: { limit: number; offset: number },
) {
  const rows = await readSearchMisses(deps.sql, page);
  return rows.map((m) => ({
    ...m,
    firstAt: m.firstAt.toISOString(),
    lastAt: m.lastAt.toISOString(),
  }));
}

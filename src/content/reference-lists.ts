import type { ServiceCtx } from "../context.ts";
import { listCategories as readCategories, listRegions as readRegions } from "./db.ts";

type ReadCtx = Pick<ServiceCtx, "deps">;

/**
 * The taxonomy's categories in their display order (public reference data, anyone may read).
 * @example const categories = await listCategories({ deps });
 */
export async function listCategories({ deps }: ReadCtx, _input: Record<string, never> = {}) {
  return readCategories(deps.sql);
}

/**
 * Hainan's regions (GB/T 2260), by code (public reference data, anyone may read).
 * @example const regions = await listRegions({ deps });
 */
export async function listRegions({ deps }: ReadCtx, _input: Record<string, never> = {}) {
  return readRegions(deps.sql);
}

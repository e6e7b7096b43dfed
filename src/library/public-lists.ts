import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import {
  listName,
  listFeedItems as readFeedItems,
  listSitemapEntries as readSitemapEntries,
} from "./db/library-public.ts";

type ReadCtx = Pick<ServiceCtx, "deps">;

/**
 * The newest public rebuttals (live and retracted, never drills) for the library's feeds.
 * @example const rows = await listFeedItems({ deps }, { limit: 50 });
 */
export async function listFeedItems({ deps }: ReadCtx, { limit }: { limit: number }) {
  return readFeedItems(deps.sql, limit);
}

/**
 * Every public rebuttal page with its last change, for the sitemap.
 * @example const entries = await listSitemapEntries({ deps });
 */
export async function listSitemapEntries({ deps }: ReadCtx, _input: Record<string, never> = {}) {
  return readSitemapEntries(deps.sql);
}

/**
 * The name of the category or region a public list page shows; 404 when there is none.
 * @example const name = await getListName({ deps }, { category: "weather" });
 */
export async function getListName(
  { deps }: ReadCtx,
  filter: { category?: string; region?: string },
): Promise<string> {
  const valid = filter.category
    ? /^[a-z][a-z0-9-]{0,63}$/.test(filter.category)
    : /^\d{6}$/.test(filter.region ?? "");
  const name = valid ? await listName(deps.sql, filter) : undefined;
  if (!name) throw new AppError("not_found", "没有这个分类或地区");
  return name;
}

import type { Deps } from "../deps.ts";

/**
 * Applies the library index settings at start, and schedules the index's rebuild when its
 * documents are of an older form (ADR 0319). Meilisearch being down must not stop Chorus: search
 * degrades to Postgres; an index task creates a missing index, and the next start applies the settings.
 */
export async function applySearchSettings(deps: Deps): Promise<string> {
  if (!deps.search.client) return "Meilisearch 未配置，检索由 Postgres 提供";
  try {
    const { uid, rebuilding } = await deps.search.ensureIndex();
    return rebuilding ? `已应用到 ${uid}；索引为旧格式，已安排后台重建` : `已应用到 ${uid}`;
  } catch (err) {
    deps.log.warn({ err: String(err) }, "library index settings not applied");
    return "Meilisearch 不可用，下次启动时再应用";
  }
}

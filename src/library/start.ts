import type { Deps } from "../deps.ts";

/**
 * Applies the library index settings at start. Meilisearch being down must not stop Chorus:
 * search degrades to Postgres and the index task applies the settings once it is back.
 */
export async function applySearchSettings(deps: Deps): Promise<string> {
  if (!deps.search.client) return "Meilisearch 未配置，检索由 Postgres 提供";
  try {
    return `已应用到 ${await deps.search.ensureIndex()}`;
  } catch (err) {
    deps.log.warn({ err: String(err) }, "library index settings not applied");
    return "Meilisearch 不可用，稍后由索引任务补上";
  }
}

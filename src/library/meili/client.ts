import { Meilisearch } from "meilisearch";
import { Pool } from "undici";

/** Where the library's Meilisearch index lives, and whether the server answers. */
export interface MeiliHandle {
  /** Undefined when no Meilisearch is configured or could be started. */
  client: Meilisearch | undefined;
  /** The real index name for a logical one, with this deployment's (or test's) prefix. */
  indexName(name: string): string;
  health(): Promise<"up" | "down" | "not_configured">;
  /**
   * One search of an index (`POST /indexes/{uid}/search`) over kept-alive connections; throws
   * when Meilisearch is not configured, answers an error, or `signal` aborts.
   */
  searchIndex<T>(uid: string, params: object, signal: AbortSignal): Promise<T>;
  /** Closes the search's kept-alive connections (at shutdown); later searches throw. */
  close(): Promise<void>;
}

/**
 * A Meilisearch client with the deployment's index prefix.
 * @example const meili = createMeili({ url, key, prefix: "" });
 */
export function createMeili(opts: { url?: string; key?: string; prefix: string }): MeiliHandle {
  // A request never waits longer than this (an index run holds its rebuttals' locks meanwhile).
  // Answers come uncompressed: Meilisearch sits beside the API, and gzip cost both processes CPU
  // on every search (ADR 0210: 4–5 % of the API's time went to decoding alone).
  const client = opts.url
    ? new Meilisearch({
        host: opts.url,
        apiKey: opts.key,
        timeout: 30_000,
        requestInit: { headers: { "accept-encoding": "identity" } },
      })
    : undefined;
  const searchIndex = opts.url ? searcher(opts.url, opts.key) : undefined;
  return {
    client,
    indexName: (name) => `${opts.prefix}${name}`,
    async health() {
      if (!opts.url) return "not_configured";
      try {
        const res = await fetch(`${opts.url}/health`, { signal: AbortSignal.timeout(1000) });
        return res.ok ? "up" : "down";
      } catch {
        return "down";
      }
    },
    searchIndex(uid, params, signal) {
      if (!searchIndex) return Promise.reject(new Error("Meilisearch is not configured"));
      return searchIndex.search(uid, params, signal);
    },
    close: async () => {
      await searchIndex?.close();
    },
  };
}

/**
 * Searches over undici's keep-alive pool instead of meilisearch-js's `fetch`: a search is the one
 * request made for every query, and through `fetch` it cost ≈ 0.7 ms of the API's CPU against
 * ≈ 0.1 ms here (ADR 0235, bench/meili-request.ts). Writes and tasks stay with meilisearch-js.
 */
function searcher(url: string, key: string | undefined) {
  const base = new URL(url);
  const prefix = base.pathname.replace(/\/$/, "");
  // Idle connections close before Meilisearch's own 5 s keep-alive does: a search sent on a
  // connection the server is closing fails (a POST is not retried) and would degrade search.
  const pool = new Pool(base.origin, { connections: 32, keepAliveTimeout: 2_000 });
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "accept-encoding": "identity",
    ...(key ? { authorization: `Bearer ${key}` } : {}),
  };
  const search = async <T>(uid: string, params: object, signal: AbortSignal): Promise<T> => {
    const res = await pool.request({
      method: "POST",
      path: `${prefix}/indexes/${encodeURIComponent(uid)}/search`,
      headers,
      body: JSON.stringify(params),
      signal,
    });
    if (res.statusCode >= 300) {
      const detail = (await res.body.text()).slice(0, 300);
      throw new Error(`Meilisearch answered ${res.statusCode}: ${detail}`);
    }
    return (await res.body.json()) as T;
  };
  return { search, close: () => pool.close() };
}

import { Meilisearch } from "meilisearch";

/** Where the library's Meilisearch index lives, and whether the server answers. */
export interface MeiliHandle {
  /** Undefined when no Meilisearch is configured or could be started. */
  client: Meilisearch | undefined;
  /** The real index name for a logical one, with this deployment's (or test's) prefix. */
  indexName(name: string): string;
  health(): Promise<"up" | "down" | "not_configured">;
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
  };
}

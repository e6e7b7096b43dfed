import postgres from "postgres";

/** int8 columns (counts, seq) arrive as JS numbers; Chorus never nears 2^53. */
const types = {
  bigint: {
    to: 20,
    from: [20],
    parse: (x: string) => Number(x),
    serialize: (x: number | bigint) => x.toString(),
  },
};

/**
 * The pending-list limit every Chorus connection starts with (an import raises it for its own
 * transactions): the library's search lookups scan the list whole.
 */
export const GIN_PENDING_LIST = "256kB";

/**
 * Seconds a pool waits before connecting again after a failed connection: postgres.js's own
 * curve (`3 ** failures / 100`, jittered) capped at one second instead of twenty. Its count of
 * failures is shared by the whole pool and only reset by a successful connection, so during an
 * outage every request (the rate limit's query, then the route's) would otherwise wait 10–20 s
 * for a connection attempt before answering 503, and longer than a client waits.
 * @example reconnectDelayS(3) // 0.135–0.27
 */
export function reconnectDelayS(failures: number): number {
  return (0.5 + Math.random() / 2) * Math.min(3 ** failures / 100, 1);
}

/**
 * Opens a postgres.js pool; result columns come back camelCased. Connecting gives up after
 * `connectTimeoutS` (5 s; postgres.js waits 30 s), so while Postgres is down a request answers
 * 503 quickly instead of hanging. With `genericPlans` its sessions plan each prepared statement
 * once (`plan_cache_mode = force_generic_plan`): the search door's pool, `createSearchDb`.
 * @example const sql = createDb(url, { max: 10 });
 */
export function createDb(
  url: string,
  opts: {
    max?: number;
    applicationName?: string;
    connectTimeoutS?: number;
    genericPlans?: boolean;
  } = {},
) {
  return postgres(url, {
    max: opts.max ?? 10,
    connect_timeout: opts.connectTimeoutS ?? 5,
    backoff: reconnectDelayS,
    onnotice: () => {},
    transform: { column: { from: postgres.toCamel } },
    types,
    connection: {
      application_name: opts.applicationName ?? "chorus",
      // The library's GIN lists stay short for every Chorus session (ADR 0150, 0245, 0265): a
      // database setting is lost by `create database … template` and by pg_dump / restore.
      gin_pending_list_limit: GIN_PENDING_LIST,
      ...(opts.genericPlans && { plan_cache_mode: "force_generic_plan" }),
    },
  });
}

export type Db = ReturnType<typeof createDb>;

/**
 * The search door's own pool (`createSearch`'s `sql`): its sessions plan each prepared statement
 * once. Postgres planned the library's candidate statement afresh on every search and report
 * (its custom plan looked cheaper than the generic one, which has the same shape), ≈ 0.8 ms of
 * its CPU each at 100,000 rebuttals (ADR 0318). Only what runs through the door (its lookups, and
 * its indexing writes and job calls) is planned so; the rest of Chorus keeps Postgres's choice.
 * Connections open on demand, up to `max`.
 * @example const search = createSearch({ sql: createSearchDb(url, 10), log, prefix: "" });
 */
export function createSearchDb(url: string, max: number): Db {
  return createDb(url, { max, applicationName: "chorus-search", genericPlans: true });
}

/** A pool or a transaction: every query function in src/db takes one. */
export type Sql = postgres.Sql<{ bigint: number }> | postgres.TransactionSql<{ bigint: number }>;

/**
 * postgres.js 3.4 throws from a `setImmediate` when a connection closes with a small write
 * still buffered (`nextWrite` on a null socket; porsager/postgres#1154, #1208, fix not yet
 * released). By then `closed()` has already failed that connection's queries with
 * CONNECTION_CLOSED, so the stray write can be dropped instead of ending the process.
 */
export function isPostgresWriteRace(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    err.message === "Cannot read properties of null (reading 'write')" &&
    /nextWrite/.test(err.stack ?? "") &&
    /postgres[/\\]src[/\\]connection\.js/.test(err.stack ?? "")
  );
}

/**
 * `npx tsx bench/rate-limit-store.ts`: the CPU one rate-limit hit costs the API process and
 * Postgres with rate-limiter-flexible on its own `pg` pool (as before ADR 0290) and on the
 * process's postgres.js pool (`limitStore`), turn about, `LIMIT_ROUNDS` times (default 3): 4,000
 * hits per turn, 10 at a time, each under a key of its own (as bench:intake's addresses).
 */
import pg from "pg";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { limitStore } from "../src/http/rate-limit.ts";
import { libraryServices, processCpuMs } from "./library-env.ts";

const HITS = 4000;
const env = await libraryServices();
const pool = new pg.Pool({ connectionString: env.deps.databaseUrl, max: 3 });
const common = { tableName: "chorus_rate_limits", tableCreated: true, points: 10, duration: 600 };
const stores = {
  "pg pool (before)": new RateLimiterPostgres({
    ...common,
    storeClient: pool,
    storeType: "pool",
    keyPrefix: "a",
  }),
  "postgres.js (limitStore)": new RateLimiterPostgres({
    ...common,
    storeClient: limitStore(env.deps.sql),
    storeType: "pool",
    keyPrefix: "b",
  }),
};
let n = 0;
try {
  for (let round = 0; round < Number(process.env.LIMIT_ROUNDS ?? 3); round++)
    for (const [name, limiter] of Object.entries(stores)) {
      for (let i = 0; i < 50; i++) await limiter.consume(`warm-${n++}`);
      const node0 = process.cpuUsage();
      const pg0 = processCpuMs(env.pgPid);
      for (let i = 0; i < HITS; i += 10)
        await Promise.all(Array.from({ length: 10 }, () => limiter.consume(`k-${n++}`)));
      const node = process.cpuUsage(node0);
      const pgMs = processCpuMs(env.pgPid) - pg0;
      console.log(
        `${name}: CPU ms per hit, this process ${((node.user + node.system) / 1000 / HITS).toFixed(3)}, Postgres ${(pgMs / HITS).toFixed(3)}`,
      );
    }
} finally {
  await pool.end();
  await env.close();
}

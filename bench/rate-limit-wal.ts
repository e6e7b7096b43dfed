/**
 * `npx tsx bench/rate-limit-wal.ts`: what one rate-limit hit costs with its counters logged, as
 * before ADR 0328, and unlogged (migration 0328), on Postgres with compose's durability (`fsync`
 * and `synchronous_commit` on; the other benches turn both off). rate-limiter-flexible's
 * statement on the process's postgres.js pool (`limitStore`), 10 hits at a time, each round
 * `LIMIT_HITS` hits (default 3,000) over 500 callers, the two tables turn about, `LIMIT_ROUNDS`
 * (default 3) rounds, after a warming pass that is not counted. Prints hits/s, each hit's
 * latency p50/p99, the CPU per hit of this process and Postgres, and the ratios of the means.
 * Every public search, page and report counts one such hit.
 *
 * Then, on the same Postgres, the ceiling a lock held to the commit puts on durable writes (the
 * audit chain's way, ADR 0195): `LIMIT_HITS` one-row transactions, 10 at a time, with and
 * without one advisory lock taken before the insert, turn about.
 */
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { limitStore } from "../src/http/rate-limit.ts";
import { libraryServices, processCpuMs } from "./library-env.ts";

const HITS = Number(process.env.LIMIT_HITS ?? 3000);
const ROUNDS = Number(process.env.LIMIT_ROUNDS ?? 3);
const env = await libraryServices({ pgSettings: { fsync: "on", synchronous_commit: "on" } });
const sql = env.deps.sql;
// A logged copy of the migration's table (`like` makes a permanent table), as it was before 0328.
await sql`create table rate_limits_logged (like chorus_rate_limits including all)`;
const common = { tableCreated: true, points: 1_000_000, duration: 600, storeType: "pool" as const };
const tables = {
  "logged (before)": "rate_limits_logged",
  "unlogged (migration 0328)": "chorus_rate_limits",
};
const limiters = Object.entries(tables).map(([name, tableName]) => ({
  name,
  limiter: new RateLimiterPostgres({ ...common, storeClient: limitStore(sql), tableName }),
}));
const percentile = (sorted: number[], p: number) => sorted[Math.floor((sorted.length - 1) * p)]!;
/** Per table: each round's p50 latency and Postgres CPU per hit, for the closing ratio. */
const kept = new Map<string, { p50: number[]; pg: number[] }>(
  limiters.map(({ name }) => [name, { p50: [], pg: [] }]),
);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
try {
  // Not counted: every caller's row made, this process's code compiled, both tables cached.
  for (const { limiter } of limiters)
    for (let i = 0; i < 500; i += 10)
      await Promise.all(Array.from({ length: 10 }, (_, k) => limiter.consume(`caller-${i + k}`)));
  for (let round = 0; round < ROUNDS; round++) {
    const turn = round % 2 ? [...limiters].reverse() : limiters;
    for (const { name, limiter } of turn) {
      const latencies: number[] = [];
      const node0 = process.cpuUsage();
      const pg0 = processCpuMs(env.pgPid);
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (next < HITS) {
            const caller = `caller-${next++ % 500}`;
            const start = performance.now();
            await limiter.consume(caller);
            latencies.push(performance.now() - start);
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const node = process.cpuUsage(node0);
      const pgMs = processCpuMs(env.pgPid) - pg0;
      latencies.sort((a, b) => a - b);
      kept.get(name)!.p50.push(percentile(latencies, 0.5));
      kept.get(name)!.pg.push(pgMs / HITS);
      console.log(
        `round ${round + 1}, ${name}: ${(HITS / seconds).toFixed(0)} hits/s, p50 ${percentile(latencies, 0.5).toFixed(2)} / p99 ${percentile(latencies, 0.99).toFixed(2)} ms; CPU ms per hit: this process ${((node.user + node.system) / 1000 / HITS).toFixed(3)}, Postgres ${(pgMs / HITS).toFixed(3)}`,
      );
    }
  }
  const [before, after] = limiters.map(({ name }) => kept.get(name)!);
  console.log(
    `mean over rounds, unlogged / logged: p50 latency ${(mean(after!.p50) / mean(before!.p50)).toFixed(2)}×, Postgres CPU per hit ${(mean(after!.pg) / mean(before!.pg)).toFixed(2)}×`,
  );
  await sql`create table lock_commits (id bigserial primary key)`;
  for (let round = 0; round < ROUNDS; round++)
    for (const locked of round % 2 ? [false, true] : [true, false]) {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (next++ < HITS)
            await sql.begin(async (tx) => {
              if (locked) await tx`select pg_advisory_xact_lock(328)`;
              await tx`insert into lock_commits default values`;
            });
        }),
      );
      const rate = HITS / ((performance.now() - t0) / 1000);
      console.log(
        `round ${round + 1}, ${locked ? "one lock held to the commit" : "no lock"}: ${rate.toFixed(0)} commits/s`,
      );
    }
} finally {
  await env.close();
}

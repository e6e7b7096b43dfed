/**
 * `npx tsx bench/rate-limit-wal.ts`: what one rate-limit hit costs with its counters logged, as
 * before ADR 0328, and unlogged (migration 0328), on Postgres with compose's durability (`fsync`
 * and `synchronous_commit` on; the other benches turn both off). rate-limiter-flexible's
 * statement on the process's postgres.js pool (`limitStore`), 10 hits at a time over 500
 * callers, `LIMIT_HITS` hits per round (default 20,000: CPU is read in 10 ms ticks), the two
 * tables turn about for `LIMIT_ROUNDS` rounds (default 4, so each goes first as often), after a
 * warming pass that is not counted. Prints per round hits/s, each hit's latency p50/p99 and the
 * CPU per hit of this process and Postgres; then the ratios of the means. Every public search,
 * page and report counts one such hit.
 *
 * Then, on the same Postgres, what a lock held to the commit does to durable writes, as the audit
 * chain holds its lock (ADR 0195): one-statement transactions inserting one row, 10 at a time,
 * `LIMIT_HITS / 4` per round, with no lock, with an advisory lock taken in the statement itself
 * (as `auditCall` takes the chain's), and the same with `synchronous_commit` off (the lock held
 * to a commit that does not wait for the disk), turn about.
 */
import postgres from "postgres";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { limitStore } from "../src/http/rate-limit.ts";
import { libraryServices, processCpuMs } from "./library-env.ts";

const HITS = Number(process.env.LIMIT_HITS ?? 20_000);
const ROUNDS = Number(process.env.LIMIT_ROUNDS ?? 4);
const COMMITS = Math.round(HITS / 4);
const env = await libraryServices({ pgSettings: { fsync: "on", synchronous_commit: "on" } });
const sql = env.deps.sql;
const unflushed = postgres(env.deps.databaseUrl, {
  max: 10,
  onnotice: () => {},
  connection: { synchronous_commit: "off" },
});
const percentile = (sorted: number[], p: number) => sorted[Math.floor((sorted.length - 1) * p)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ratio = (after: number[], before: number[]) => `${(mean(after) / mean(before)).toFixed(2)}×`;
/** Every round first with the list as given, then reversed, and so on. */
const turn = <T>(list: T[], round: number) => (round % 2 ? [...list].reverse() : list);

/** `n` calls of `call`, 10 at a time; each call's latency in ms. */
async function tenAtATime(n: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < n) {
        const i = next++;
        const start = performance.now();
        await call(i);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

async function rateLimitHits() {
  // A logged copy of the migration's table (`like` makes a permanent table), as before 0328.
  await sql`create table rate_limits_logged (like chorus_rate_limits including all)`;
  const common = { tableCreated: true, points: 1e9, duration: 600, storeType: "pool" as const };
  const tables = [
    ["logged (before)", "rate_limits_logged"],
    ["unlogged (migration 0328)", "chorus_rate_limits"],
  ] as const;
  const limiters = tables.map(([name, tableName]) => ({
    name,
    limiter: new RateLimiterPostgres({ ...common, storeClient: limitStore(sql), tableName }),
    rate: [] as number[],
    p50: [] as number[],
    pg: [] as number[],
  }));
  // Not counted: every caller's row made, this process's code compiled, both tables cached.
  for (const { limiter } of limiters)
    await tenAtATime(2000, (i) => limiter.consume(`c-${i % 500}`));
  for (let round = 0; round < ROUNDS; round++)
    for (const t of turn(limiters, round)) {
      const node0 = process.cpuUsage();
      const pg0 = processCpuMs(env.pgPid);
      const t0 = performance.now();
      const latencies = await tenAtATime(HITS, (i) => t.limiter.consume(`c-${i % 500}`));
      const seconds = (performance.now() - t0) / 1000;
      const node = process.cpuUsage(node0);
      const pgMs = (processCpuMs(env.pgPid) - pg0) / HITS;
      t.rate.push(HITS / seconds);
      t.p50.push(percentile(latencies, 0.5));
      t.pg.push(pgMs);
      console.log(
        `round ${round + 1}, ${t.name}: ${(HITS / seconds).toFixed(0)} hits/s, p50 ${percentile(latencies, 0.5).toFixed(2)} / p99 ${percentile(latencies, 0.99).toFixed(2)} ms; CPU ms per hit: this process ${((node.user + node.system) / 1000 / HITS).toFixed(3)}, Postgres ${pgMs.toFixed(3)}`,
      );
    }
  const [before, after] = limiters;
  console.log(
    `mean over rounds, unlogged / logged: hits/s ${ratio(after!.rate, before!.rate)}, p50 latency ${ratio(after!.p50, before!.p50)}, Postgres CPU per hit ${ratio(after!.pg, before!.pg)}`,
  );
}

async function commitsUnderOneLock() {
  await sql`create table lock_commits (n int not null)`;
  const ways = [
    { name: "no lock", run: () => sql`insert into lock_commits (n) values (1)` },
    {
      name: "one lock held to the commit",
      run: () =>
        sql`insert into lock_commits (n) select 1 from (select pg_advisory_xact_lock(328)) l`,
    },
    {
      name: "one lock, commit not flushed",
      run: () =>
        unflushed`insert into lock_commits (n) select 1 from (select pg_advisory_xact_lock(328)) l`,
    },
  ].map((w) => ({ ...w, rate: [] as number[] }));
  for (const w of ways) await tenAtATime(500, w.run);
  for (let round = 0; round < ROUNDS; round++)
    for (const w of turn(ways, round)) {
      const t0 = performance.now();
      const latencies = await tenAtATime(COMMITS, w.run);
      const rate = COMMITS / ((performance.now() - t0) / 1000);
      w.rate.push(rate);
      console.log(
        `round ${round + 1}, ${w.name}: ${rate.toFixed(0)} commits/s, p50 ${percentile(latencies, 0.5).toFixed(2)} / p99 ${percentile(latencies, 0.99).toFixed(2)} ms`,
      );
    }
  const [free, locked, notFlushed] = ways;
  console.log(
    `mean over rounds, commits/s: one lock held to the commit / no lock ${ratio(locked!.rate, free!.rate)}, / the same lock with the commit not flushed ${ratio(locked!.rate, notFlushed!.rate)}`,
  );
}

try {
  await rateLimitHits();
  await commitsUnderOneLock();
} finally {
  await unflushed.end();
  await env.close();
}

/**
 * `npm run bench:view-counter`: what counting a view costs the public rebuttal page.
 *
 * 1. The page path over real HTTP: two servers in this process on one database, one counting
 *    (`EFFECT_COUNTING=true`) and one not (the baseline), each page asked of both in turn so
 *    drift on the shared machine hits both alike; p50/p99 per request and the ratio.
 * 2. The counter's own cost on the request path (the middleware's work after the page is
 *    rendered: bot rule, actor check, map increment), timed per call.
 * 3. The flush (off the request path): one upsert of a busy interval's keys.
 */
import http from "node:http";
import os from "node:os";
import type { Deps } from "../src/deps.ts";
import { isBot } from "../src/effect/bots.ts";
import { closeEffects, EffectCounter } from "../src/effect/counter.ts";
import { type RunningServer, startServer } from "../src/server.ts";
import { libraryEnvironment, loadSharedData } from "./library-env.ts";

const ROUNDS = Number(process.env.ROUNDS ?? 6);
const PER_ROUND = Number(process.env.PER_ROUND ?? 400);
const READER =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44";

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const describe = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s.at(-1)! };
};
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    http
      .get({ host: "127.0.0.1", port, path, agent, headers: { "user-agent": READER } }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode}`));
          else resolve(performance.now() - start);
        });
      })
      .on("error", reject);
  });
}

async function pagePath(deps: Deps, slugs: string[]) {
  const counting = { ...deps, config: { ...deps.config, effectCounting: true } };
  const baseline = { ...deps, config: { ...deps.config, effectCounting: false } };
  const servers: RunningServer[] = [
    await startServer(counting, { port: 0, host: "127.0.0.1" }),
    await startServer(baseline, { port: 0, host: "127.0.0.1" }),
  ];
  const [withCounter, without] = servers.map((s) => s.port) as [number, number];
  const times = { with: [] as number[], without: [] as number[] };
  for (let i = 0; i < 200; i++) {
    await get(withCounter, `/r/${slugs[i % slugs.length]}`);
    await get(without, `/r/${slugs[i % slugs.length]}`);
  }
  // Request by request, alternating which server goes first, so load spikes hit both alike.
  for (let i = 0; i < ROUNDS * PER_ROUND; i++) {
    const path = `/r/${slugs[i % slugs.length]}`;
    const order = i % 2 === 0 ? (["with", "without"] as const) : (["without", "with"] as const);
    for (const which of order) {
      times[which].push(await get(which === "with" ? withCounter : without, path));
    }
  }
  for (const s of servers) await s.close();
  await closeEffects(counting);
  return { with: describe(times.with), without: describe(times.without) };
}

/** The middleware's own work per counted view, timed one call at a time. */
function counterCost(deps: Deps, slugs: string[]) {
  const counter = new EffectCounter(deps);
  const actor = { kind: "public" as const };
  const ms: number[] = [];
  const at = () => deps.now();
  for (let i = 0; i < 200_000; i++) {
    const start = performance.now();
    if (actor.kind === "public" && !isBot(READER))
      counter.add("views", slugs[i % slugs.length]!, at());
    ms.push(performance.now() - start);
  }
  const cost = describe(ms);
  return { cost, counter };
}

async function main() {
  const started = Date.now();
  const { dxy } = loadSharedData();
  const env = await libraryEnvironment(dxy);
  const { deps } = env;
  const slugs = (await deps.sql<{ slug: string }[]>`select slug from rebuttals order by slug`).map(
    (r) => r.slug,
  );
  console.log(`rebuttals: ${slugs.length}; load average before: ${loadavg()}`);

  const page = await pagePath(deps, slugs);
  const { cost, counter } = counterCost(deps, slugs);
  for (let i = 0; i < 2000; i++) counter.add("misses", `未命中的搜索 ${i}`, new Date());
  const flushStart = performance.now();
  await counter.flush();
  const flushMs = performance.now() - flushStart;
  const rows = await deps.sql<{ views: number }[]>`
    select coalesce(sum(views), 0)::int as views from rebuttal_hourly`;

  console.log(
    `\nGET /r/{slug} over HTTP, ${ROUNDS * PER_ROUND} pages, each asked of both servers in turn`,
  );
  console.log("| server | n | p50 | p99 | max |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const [name, d] of [
    ["baseline (EFFECT_COUNTING=false)", page.without],
    ["with the view counter", page.with],
  ] as const) {
    console.log(`| ${name} | ${d.n} | ${fmt(d.p50)} | ${fmt(d.p99)} | ${fmt(d.max)} |`);
  }
  console.log(
    `ratio with/without: p50 ${(page.with.p50 / page.without.p50).toFixed(3)}, p99 ${(page.with.p99 / page.without.p99).toFixed(3)}`,
  );
  console.log(
    `\ncounter's own cost per view (${cost.n} calls): p50 ${(cost.p50 * 1000).toFixed(2)} µs, p99 ${(cost.p99 * 1000).toFixed(2)} µs, max ${fmt(cost.max)}`,
  );
  console.log(
    `flush of ${slugs.length} rebuttal keys + 2000 missed queries (one statement, off the request path): ${fmt(flushMs)}`,
  );
  console.log(`views in rebuttal_hourly after the flush: ${rows[0]!.views}`);
  console.log(`load average after: ${loadavg()}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  agent.destroy();
  await env.close();
}

const loadavg = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

await main();

/**
 * `npm run bench:scale-out`: what a second API node buys, measured in one run.
 *
 * 1. Fan-out: BENCH_SOCKETS (default 5000) /media sockets on 1 API node, then spread over 2;
 *    a publication committed in Postgres → every socket has it (p50, p99, all), beside a bare
 *    socket.io broadcast of the same envelope to the same number of sockets (no database).
 * 2. Public search: requests/s of `GET /api/v1/rebuttals` on 1 API node, then on 2 at once,
 *    beside raw Meilisearch with the same queries.
 * API nodes are `src/main.ts --role=api` processes, as deployed. Printed figures, not a test: on
 * a shared 2-core machine a second process has no spare core to run on, and the ratio shows it.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import { Server } from "socket.io";
import { io as connectClient, type Socket } from "socket.io-client";
import { freePort } from "../infra/embedded/process.ts";
import type { EventEnvelope } from "../src/events/envelope.ts";
import { createApiToken, createOrganisation } from "../tests/support/factories.ts";
import { createRebuttal, publish } from "../tests/support/fanout-factories.ts";
import { libraryEnvironment, loadSharedData } from "./library-env.ts";
import { buildQuerySets } from "./relevance-queries.ts";

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Child mode: a bare socket.io server that broadcasts what it is sent over IPC. */
if (process.argv.includes("--bare")) {
  const server = http.createServer();
  const io = new Server(server, { serveClient: false });
  io.of("/media").on("connection", (s) => s.emit("ready", {}));
  server.listen(0, "127.0.0.1", () =>
    process.send?.({ port: (server.address() as AddressInfo).port }),
  );
  process.on("message", (m: EventEnvelope) => io.of("/media").emit("event", m));
} else {
  await main();
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: s.at(-1) ?? Number.NaN };
}

async function startApi(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "--role=api"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (tries > 1200) throw new Error("an API node did not start within 120 s");
    await sleep(100);
  }
  return { url, child };
}

/** Connects `count` sockets spread round-robin over `urls`; records receive times by event id. */
async function connectSockets(urls: string[], token: string, count: number) {
  const got = new Map<string, number[]>();
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, async (_, k) => {
        const url = urls[(i + k) % urls.length];
        const socket = connectClient(`${url}/media`, {
          auth: { token },
          transports: ["websocket"],
          reconnection: false,
          forceNew: true,
          // Many phones, not one: the per-address connection limit is not what this measures.
          extraHeaders: { "x-forwarded-for": `10.9.${((i + k) >> 8) & 255}.${(i + k) & 255}` },
        });
        socket.on("event", (e: EventEnvelope) => {
          const list = got.get(e.id) ?? [];
          list.push(now());
          got.set(e.id, list);
        });
        await new Promise((resolve, reject) => {
          socket.once("ready", resolve);
          socket.once("connect_error", reject);
        });
        sockets.push(socket);
      }),
    );
  }
  return {
    got,
    sockets,
    close: () => {
      for (const s of sockets) s.close();
    },
  };
}

async function fanoutRounds(
  label: string,
  send: () => Promise<string>,
  clients: Awaited<ReturnType<typeof connectSockets>>,
) {
  const latencies: number[] = [];
  const all: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const t0 = now();
    const id = await send();
    const end = Date.now() + 30_000;
    while ((clients.got.get(id)?.length ?? 0) < SOCKETS && Date.now() < end) await sleep(5);
    const times = clients.got.get(id) ?? [];
    if (round === 0) continue; // warm-up
    latencies.push(...times.map((t) => t - t0));
    all.push(Math.max(...times) - t0);
    await sleep(200);
  }
  const s = stats(latencies);
  const received = latencies.length / (ROUNDS * SOCKETS);
  console.log(
    `${label.padEnd(22)} p50 ${s.p50.toFixed(1).padStart(7)} ms  p99 ${s.p99.toFixed(1).padStart(7)} ms  all ${stats(all).p50.toFixed(1).padStart(7)} ms  received ${(received * 100).toFixed(1)}%`,
  );
  return stats(all).p50;
}

async function searchRate(
  label: string,
  urls: string[],
  queries: string[],
  make: (q: string, i: number) => autocannon.Request,
) {
  let i = 0;
  const results = await Promise.all(
    urls.map((url) =>
      autocannon({
        url,
        connections: Math.max(1, Math.round(CONNECTIONS / urls.length)),
        duration: DURATION_S,
        requests: [
          { setupRequest: (req) => ({ ...req, ...make(queries[i++ % queries.length]!, i) }) },
        ],
      }),
    ),
  );
  const rate = results.reduce((sum, r) => sum + r.requests.average, 0);
  const errors = results.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
  const p99 = Math.max(...results.map((r) => r.latency.p99));
  console.log(
    `${label.padEnd(22)} ${rate.toFixed(0).padStart(7)} req/s  p99 ${String(p99).padStart(4)} ms  errors ${errors}`,
  );
  return rate;
}

async function main() {
  const { dxy, cofacts } = loadSharedData();
  const lib = await libraryEnvironment([...dxy, ...cofacts]);
  const env = {
    NODE_ENV: "production",
    DATABASE_URL: lib.deps.databaseUrl,
    MEILI_URL: lib.meili.url,
    MEILI_KEY: lib.meili.key,
    DATA_DIR: lib.deps.config.dataDir,
    LOG_LEVEL: "silent",
    TRUST_PROXY: "true",
  };
  const children: ChildProcess[] = [];
  try {
    const org = await createOrganisation(lib.deps.sql, { kind: "media" });
    const { token } = await createApiToken(lib.deps.sql, org.id, ["feed:read"]);
    const rebuttal = await createRebuttal(lib.deps.sql);
    const a = await startApi(env);
    children.push(a.child);
    const b = await startApi(env);
    children.push(b.child);
    const bare = fork(new URL(import.meta.url).pathname, ["--bare"], {
      execArgv: ["--import", "tsx"],
    });
    children.push(bare);
    const bareUrl = await new Promise<string>((resolve) =>
      bare.once("message", (m: { port: number }) => resolve(`http://127.0.0.1:${m.port}`)),
    );

    console.log(`fan-out to ${SOCKETS} sockets, ${ROUNDS} rounds (approve → received)`);
    const publishOne = async () => (await publish(lib.deps.sql, rebuttal, "rebuttal.updated")).id;
    let n = 0;
    const bareOne = async () => {
      const id = `bare-${n++}`;
      bare.send({
        id,
        type: "rebuttal.updated",
        seq: n,
        occurredAt: new Date().toISOString(),
        data: {},
      });
      return id;
    };
    const fan: Record<string, number> = {};
    for (const [label, urls, send] of [
      ["bare socket.io", [bareUrl], bareOne],
      ["chorus, 1 API node", [a.url], publishOne],
      ["chorus, 2 API nodes", [a.url, b.url], publishOne],
    ] as const) {
      const clients = await connectSockets([...urls], token, SOCKETS);
      fan[label] = await fanoutRounds(label, send, clients);
      clients.close();
      await sleep(500);
    }
    console.log(
      `ratio all-received 2 nodes / 1 node: ${(fan["chorus, 2 API nodes"]! / fan["chorus, 1 API node"]!).toFixed(2)}; 1 node / bare: ${(fan["chorus, 1 API node"]! / fan["bare socket.io"]!).toFixed(2)}`,
    );

    const sets = buildQuerySets(dxy, cofacts);
    const queries = [...sets.short!, ...sets.typo!].map((q) => q.q).slice(0, 300);
    const client = lib.deps.search.client!;
    await client.createIndex("raw_rebuttals", { primaryKey: "id" }).waitTask();
    const rows = await lib.deps.sql<
      { id: string; claim: string; title: string; summary: string }[]
    >`
      select id, claim, title, summary from rebuttals`;
    await client.index("raw_rebuttals").addDocuments(rows).waitTask({ timeout: 120_000 });
    console.log(`\npublic search, ${CONNECTIONS} connections in all, ${DURATION_S} s each`);
    const api = (q: string, i: number): autocannon.Request => ({
      method: "GET",
      path: `/api/v1/rebuttals?q=${encodeURIComponent(q)}&limit=10`,
      headers: { "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    });
    // Warm-up, not measured: each node builds its in-memory matching index on its first searches.
    for (const url of [a.url, b.url]) {
      for (const [i, q] of queries.slice(0, 20).entries()) {
        const req = api(q, i);
        await fetch(`${url}${req.path}`, { headers: req.headers as Record<string, string> });
      }
    }
    const raw = await searchRate("raw meilisearch", [lib.meili.url], queries, (q) => ({
      method: "POST",
      path: "/indexes/raw_rebuttals/search",
      headers: { "content-type": "application/json", authorization: `Bearer ${lib.meili.key}` },
      body: JSON.stringify({ q, limit: 10 }),
    }));
    const one = await searchRate("chorus, 1 API node", [a.url], queries, api);
    const two = await searchRate("chorus, 2 API nodes", [a.url, b.url], queries, api);
    console.log(
      `ratio req/s 2 nodes / 1 node: ${(two / one).toFixed(2)}; 1 node / raw: ${(one / raw).toFixed(2)}`,
    );
  } finally {
    for (const c of children) {
      c.kill("SIGTERM");
      if (c.exitCode === null) await new Promise((r) => c.once("exit", r));
    }
    await lib.close();
  }
}
